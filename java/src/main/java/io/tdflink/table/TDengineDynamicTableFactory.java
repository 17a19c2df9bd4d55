package io.tdflink.table;

import io.tdflink.common.ConnectionProperties;
import io.tdflink.common.Identifiers;
import io.tdflink.common.TimeZones;
import io.tdflink.common.options.OptionRegistry;
import io.tdflink.table.lookup.TDengineLookup;
import io.tdflink.table.query.ScanColumns;
import io.tdflink.table.query.ScanQuery;

import org.apache.flink.annotation.Internal;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.connector.sink.DynamicTableSink;
import org.apache.flink.table.connector.source.DynamicTableSource;
import org.apache.flink.table.factories.DynamicTableSinkFactory;
import org.apache.flink.table.factories.DynamicTableSourceFactory;
import org.apache.flink.table.factories.FactoryUtil;
import org.apache.flink.table.types.logical.LogicalTypeRoot;
import org.apache.flink.table.types.logical.RowType;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * {@code 'connector' = 'tdengine-connector'}: the official connector's factory identifier and
 * options. A source table dispatches on {@code td.jdbc.mode} ({@code source} or {@code cdc}); a
 * sink accepts any mode, as the official one does. Unknown options are rejected with the list
 * of valid ones (Flink's own message).
 */
@Internal
public final class TDengineDynamicTableFactory implements DynamicTableSourceFactory, DynamicTableSinkFactory {
    public static final String IDENTIFIER = "tdengine-connector";
    static final String MODE_SOURCE = "source";
    static final String MODE_CDC = "cdc";

    /** The password of the catalog whose tables this factory builds, or null (the SPI's factory). */
    private final String catalogPassword;

    public TDengineDynamicTableFactory() {
        this(null);
    }

    /**
     * The factory of a catalog's tables: the catalog's password is added when a table is built,
     * so no table option (which Flink prints in SHOW CREATE TABLE) ever holds it.
     */
    public TDengineDynamicTableFactory(String catalogPassword) {
        this.catalogPassword = catalogPassword;
    }

    @Override
    public String factoryIdentifier() {
        return IDENTIFIER;
    }

    @Override
    public Set<ConfigOption<?>> requiredOptions() {
        return TDengineConnectorOptions.required();
    }

    @Override
    public Set<ConfigOption<?>> optionalOptions() {
        Set<ConfigOption<?>> options = new HashSet<>(TDengineConnectorOptions.all());
        options.removeAll(TDengineConnectorOptions.required());
        options.addAll(TDengineLookup.OPTIONS);
        return options;
    }

    @Override
    public DynamicTableSource createDynamicTableSource(Context context) {
        ReadableConfig options = validatedOptions(context);
        RowType declared = (RowType) context.getPhysicalRowDataType().getLogicalType();
        String mode = options.get(TDengineConnectorOptions.TD_JDBC_MODE).trim().toLowerCase(Locale.ROOT);
        if (MODE_CDC.equals(mode)) {
            String topic = options.getOptional(TDengineConnectorOptions.TOPIC)
                    .filter(t -> !t.trim().isEmpty())
                    .orElseThrow(
                            () -> new ValidationException(
                                    "Option 'topic' must be set for a CDC table ('td.jdbc.mode' = 'cdc'): the topic subscribed."));
            return new TDengineTableCdc(
                    topic.trim(),
                    TableProperties.cdc(options),
                    declared,
                    options.getOptional(TDengineConnectorOptions.TIMEZONE).orElse(null));
        }
        if (!MODE_SOURCE.equals(mode)) {
            throw new ValidationException(
                    "Option 'td.jdbc.mode' is '" + options.get(TDengineConnectorOptions.TD_JDBC_MODE)
                            + "': a table read from must be 'source' (a bounded query) or 'cdc' (a TMQ subscription); 'sink' tables are only written.");
        }
        return scanSource(options, declared);
    }

    private static TDengineTableSource scanSource(ReadableConfig options, RowType declared) {
        ConnectionProperties connection =
                ConnectionProperties.from(TableProperties.connection(options, OptionRegistry.SOURCE));
        Optional<String> query = options.getOptional(TDengineConnectorOptions.SCAN_QUERY)
                .map(String::trim)
                .filter(q -> !q.isEmpty());
        Optional<String> table = options.getOptional(TDengineConnectorOptions.TABLE_NAME)
                .map(String::trim)
                .filter(t -> !t.isEmpty());
        if (!query.isPresent() && !table.isPresent()) {
            throw new ValidationException(
                    "A source table ('td.jdbc.mode' = 'source') needs 'scan.query' (the query read) or 'table.name' (a table scanned).");
        }
        String relation = query.map(q -> "(" + q + ")")
                .orElseGet(() -> Identifiers.qualifiedAsSpelled(
                        options.getOptional(TDengineConnectorOptions.DATABASE).orElse(null), table.get()));
        String timezone = options.getOptional(TDengineConnectorOptions.TIMEZONE).orElse(null);
        TimeZones.wallClockZone(timezone); // a bad zone fails when the job is built
        ScanSettings settings =
                ScanSettings.from(options, "select distinct " + Identifiers.TBNAME + " from " + relation);
        TDengineLookup lookup = TDengineLookup.from(options);
        if (settings.partitionColumn() != null) {
            checkPartitionColumn(settings.partitionColumn(), declared);
        }
        List<String> fields = declared.getFieldNames();
        ScanQuery base =
                query.isPresent() ? ScanQuery.ofQuery(query.get(), fields) : ScanQuery.ofTable(relation, fields);
        // Described when the scan starts: planning never needs the server or the native library.
        ScanColumns.Source source = new ScanColumns.Source(
                query.orElse("select * from " + relation), !query.isPresent(), declared, timezone);
        return new TDengineTableSource(connection, settings, lookup, source, declared, declared, base);
    }

    /** The partition field is declared, and as a timestamp unless it is tbname; its TDengine column is checked when the scan starts. */
    private static void checkPartitionColumn(String field, RowType declared) {
        int index = declared.getFieldNames().indexOf(field);
        if (index < 0) {
            throw new ValidationException("Option 'scan.partition.column' is '" + field
                    + "', which is not a declared column (" + declared.getFieldNames() + ").");
        }
        LogicalTypeRoot root = declared.getTypeAt(index).getTypeRoot();
        boolean timestamp = root == LogicalTypeRoot.TIMESTAMP_WITHOUT_TIME_ZONE
                || root == LogicalTypeRoot.TIMESTAMP_WITH_LOCAL_TIME_ZONE;
        if (!timestamp && !field.equalsIgnoreCase(Identifiers.TBNAME)) {
            throw new ValidationException("Option 'scan.partition.column' is '" + field + "', declared "
                    + declared.getTypeAt(index).asSummaryString()
                    + ": partition by a TIMESTAMP column (time ranges) or by tbname (subtables).");
        }
    }

    @Override
    public DynamicTableSink createDynamicTableSink(Context context) {
        ReadableConfig options = validatedOptions(context);
        return TDengineTableSink.create(
                options, context.getCatalogTable().getResolvedSchema(), context.getPhysicalRowDataType());
    }

    /** The table's options, checked (unknown keys, td.batch.mode), with the catalog's password added. */
    private ReadableConfig validatedOptions(Context context) {
        FactoryUtil.TableFactoryHelper helper = FactoryUtil.createTableFactoryHelper(this, context);
        helper.validate();
        ReadableConfig options = helper.getOptions();
        checkBatchMode(options);
        if (catalogPassword == null
                || options.getOptional(TDengineConnectorOptions.PASSWORD).isPresent()) {
            return options;
        }
        Configuration withPassword =
                Configuration.fromMap(context.getCatalogTable().getOptions());
        withPassword.set(TDengineConnectorOptions.PASSWORD, catalogPassword);
        return withPassword;
    }

    private static void checkBatchMode(ReadableConfig options) {
        String batchMode = options.get(TDengineConnectorOptions.TD_BATCH_MODE).trim();
        if (!batchMode.equalsIgnoreCase("true") && !batchMode.equalsIgnoreCase("false")) {
            throw new ValidationException("Option 'td.batch.mode' is '" + batchMode + "': use true or false.");
        }
    }
}
