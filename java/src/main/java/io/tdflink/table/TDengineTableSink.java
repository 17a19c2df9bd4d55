package io.tdflink.table;

import io.tdflink.common.TDengineConfigParams;
import io.tdflink.common.options.OptionRegistry;
import io.tdflink.sink.TDengineSink;

import org.apache.flink.annotation.Internal;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.catalog.ResolvedSchema;
import org.apache.flink.table.catalog.UniqueConstraint;
import org.apache.flink.table.connector.ChangelogMode;
import org.apache.flink.table.connector.sink.DynamicTableSink;
import org.apache.flink.table.connector.sink.SinkV2Provider;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.DataType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.RowType;

import java.util.List;
import java.util.Properties;

/**
 * A table written through {@link TDengineSink}: a supertable ({@code sink.supertable.name},
 * subtables named by the {@code tbname} column), or a subtable or normal table
 * ({@code sink.table.name}). Changelog input: UPDATE_BEFORE is skipped, UPDATE_AFTER and INSERT
 * write (TDengine keeps one row per table and timestamp, so a write is an upsert), DELETE
 * deletes, in order. Rows buffered are written on every checkpoint: at-least-once.
 */
@Internal
final class TDengineTableSink implements DynamicTableSink {
    private final TDengineSink<RowData> sink;
    private final Integer parallelism;
    private final String target;

    private TDengineTableSink(TDengineSink<RowData> sink, Integer parallelism, String target) {
        this.sink = sink;
        this.parallelism = parallelism;
        this.target = target;
    }

    /**
     * Checks the options; the target is described, and every declared column checked against
     * it, where the writers start (planning never needs the server or the native library).
     */
    static TDengineTableSink create(ReadableConfig options, ResolvedSchema schema, DataType physical) {
        Properties properties = TableProperties.connection(options, OptionRegistry.SINK);
        String database = nonBlank(options.get(TDengineConnectorOptions.SINK_DBNAME));
        if (database == null) {
            database = options.getOptional(TDengineConnectorOptions.DATABASE).orElse(null);
        }
        if (database != null) {
            properties.setProperty(TDengineConfigParams.PROPERTY_KEY_DBNAME, database);
        }
        String supertable = nonBlank(options.get(TDengineConnectorOptions.SINK_SUPERTABLE_NAME));
        String table = nonBlank(options.get(TDengineConnectorOptions.SINK_TABLE_NAME));
        if (supertable == null && table == null) {
            throw new ValidationException(
                    "A sink table needs 'sink.supertable.name' (rows name their subtable in a tbname column) or 'sink.table.name' (a subtable or normal table).");
        }
        if (supertable != null) {
            properties.setProperty(TDengineConfigParams.TD_SUPERTABLE_NAME, supertable);
        } else {
            properties.setProperty(TDengineConfigParams.TD_TABLE_NAME, table);
        }
        properties.setProperty(TDengineConfigParams.VALUE_DESERIALIZER, "RowData");
        Integer parallelism =
                options.getOptional(TDengineConnectorOptions.SINK_PARALLELISM).orElse(null);
        if (parallelism != null && parallelism <= 0) {
            throw new ValidationException(
                    "Option 'sink.parallelism' must be a positive integer, got " + parallelism + ".");
        }
        RowType rowType = (RowType) physical.getLogicalType();
        List<String> names = rowType.getFieldNames();
        List<LogicalType> types = rowType.getChildren();
        List<String> primaryKey =
                schema.getPrimaryKey().map(UniqueConstraint::getColumns).orElse(null);
        TDengineSink<RowData> sink = new TDengineSink<>(properties, names, types, primaryKey);
        String shown = (database == null ? "" : database + ".") + (supertable != null ? supertable : table);
        return new TDengineTableSink(sink, parallelism, shown);
    }

    @Override
    public ChangelogMode getChangelogMode(ChangelogMode requestedMode) {
        return requestedMode;
    }

    @Override
    public SinkRuntimeProvider getSinkRuntimeProvider(Context context) {
        return SinkV2Provider.of(sink, parallelism);
    }

    @Override
    public DynamicTableSink copy() {
        return new TDengineTableSink(sink, parallelism, target);
    }

    @Override
    public String asSummaryString() {
        return "TDengine[" + target + "]";
    }

    private static String nonBlank(String value) {
        return value == null || value.trim().isEmpty() ? null : value.trim();
    }
}
