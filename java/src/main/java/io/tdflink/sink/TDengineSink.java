package io.tdflink.sink;

import io.tdflink.common.ConnectionProperties;
import io.tdflink.common.ErrorCodes;
import io.tdflink.common.TDengineConfigParams;
import io.tdflink.common.TDengineDataType;
import io.tdflink.common.TDengineException;
import io.tdflink.common.TimeZones;
import io.tdflink.common.options.OptionRegistry;
import io.tdflink.common.types.TDengineTypeMapping;
import io.tdflink.jni.NativeLifecycle;
import io.tdflink.sink.entity.SinkErrorNumbers;
import io.tdflink.sink.entity.SinkMetaInfo;
import io.tdflink.sink.writer.SinkInput;
import io.tdflink.sink.writer.SinkInputs;
import io.tdflink.sink.writer.SinkTarget;
import io.tdflink.sink.writer.SinkTargets;
import io.tdflink.sink.writer.TDengineSinkWriter;

import org.apache.flink.annotation.Internal;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.runtime.execution.SuppressRestartsException;
import org.apache.flink.streaming.api.connector.sink2.SupportsPreWriteTopology;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.table.runtime.typeutils.InternalTypeInfo;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.RowType;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Properties;

/**
 * Writes a stream into TDengine with the official connector's API: the properties say where
 * ({@code url}, {@code dbname}, {@code super_table_name} or {@code table_name}) and what the
 * elements are ({@code value.deserializer}: {@code RowData} or a
 * {@code TDengineSinkRecordSerializer}; {@code td.batch.mode} with {@code td.source.type} for
 * batches from the source), {@code fieldNames} map element fields to columns and tags.
 *
 * <p>The target is described (DESCRIBE) when the sink is built, so a wrong table, field or
 * setting fails in {@code main()} with its code. {@code RowData} fields are read by their
 * declared types: the SQL connector's, or those of a stream typed {@code InternalTypeInfo}
 * (whose rows arrive as {@code BinaryRowData}, which cannot tell an INT from a BIGINT), checked
 * against the target's columns when the job is built.
 */
@PublicEvolving
public class TDengineSink<IN> implements SinkCompat<IN>, SupportsPreWriteTopology<IN> {
    private static final long serialVersionUID = 1L;

    private final ConnectionProperties connection;
    private final String database;
    private final String table;
    private final boolean supertable;
    private final List<String> fieldNames;
    private final int batchSize;
    /**
     * The declared type of each field (SQL, or the input stream's row type, set when the job is
     * translated), or null: GenericRowData fields as the objects they hold, other rows' fields as
     * their columns read.
     */
    private List<LogicalType> rowTypes;
    /** SQL: the columns of the declared PRIMARY KEY, or null. */
    private final List<String> primaryKey;

    public TDengineSink(Properties properties, List<String> fieldNames) throws SQLException, ClassNotFoundException {
        this(properties, fieldNames, null, null);
    }

    /**
     * A sink of {@code RowData} whose fields have the declared {@code rowTypes} and
     * {@code primaryKey} (may be null): the SQL connector's. Nothing here needs the server or the
     * native library: the target is described where the writers run ({@link #createWriter}).
     *
     * @throws TDengineException for settings wrong in themselves (missing database or table, bad
     *     values, a serializer that cannot be built, a field count the row type does not have)
     */
    @Internal
    public TDengineSink(
            Properties properties, List<String> fieldNames, List<LogicalType> rowTypes, List<String> primaryKey) {
        if (properties == null || properties.isEmpty() || fieldNames == null || fieldNames.isEmpty()) {
            throw new TDengineException(
                    SinkErrorNumbers.ERROR_DB_NAME_NULL,
                    "Invalid parameter configuration: properties and field names are required");
        }
        this.connection = ConnectionProperties.from(properties);
        OptionRegistry.check(connection.properties(), OptionRegistry.SINK);
        this.database = connection.get(TDengineConfigParams.PROPERTY_KEY_DBNAME, databaseOf(connection.url()));
        if (database == null) {
            throw new TDengineException(
                    SinkErrorNumbers.ERROR_DB_NAME_NULL, "db name must be set: dbname, or the database in the URL");
        }
        String supertableName = connection.get(TDengineConfigParams.TD_SUPERTABLE_NAME, null);
        this.supertable = supertableName != null;
        this.table = supertable ? supertableName : connection.get(TDengineConfigParams.TD_TABLE_NAME, null);
        if (table == null) {
            throw new TDengineException(
                    SinkErrorNumbers.ERROR_TABLE_NAME_NULL, "table name must be set: super_table_name or table_name");
        }
        // The official connector reads 0 or less as "every row": one row per write.
        this.batchSize = Math.max(
                1,
                connection.getInt(
                        TDengineConfigParams.TD_BATCH_SIZE,
                        OptionRegistry.property(TDengineConfigParams.TD_BATCH_SIZE, OptionRegistry.SINK)
                                .defaultInt()));
        this.fieldNames = new ArrayList<>(fieldNames);
        // Builds the input form now (a serializer class that cannot be loaded fails here); the fields come with the
        // target.
        SinkInputs.create(
                connection, Collections.emptyList(), Thread.currentThread().getContextClassLoader());
        if (rowTypes != null) {
            checkArity(rowTypes);
        }
        this.rowTypes = rowTypes == null ? null : new ArrayList<>(rowTypes);
        this.primaryKey = primaryKey == null ? null : new ArrayList<>(primaryKey);
    }

    /**
     * Describes the target ({@code DESCRIBE}) and checks the fields against it, where the writers
     * run.
     *
     * @throws TDengineException 0xa014 for a field the table lacks or a missing timestamp or
     *     {@code tbname}, 0x2303 for a declared type or primary key the table cannot take, the
     *     server's code if DESCRIBE fails
     */
    private SinkTarget describeTarget() {
        SinkTarget target = SinkTargets.describe(connection, database, table, supertable, fieldNames);
        List<SinkMetaInfo> fields = target.fields();
        if (rowTypes != null) {
            for (int i = 0; i < fields.size(); i++) {
                String problem = TDengineTypeMapping.writeProblem(
                        rowTypes.get(i),
                        TDengineDataType.fromCode(fields.get(i).getFieldType().getTypeNo()));
                if (problem != null) {
                    throw new TDengineException(
                            ErrorCodes.DRIVER_INVALID_VARIABLE,
                            "column " + fieldNames.get(i) + " of " + target.displayName() + ": " + problem);
                }
            }
        }
        String timestamp = fieldNames.get(target.timestampField());
        if (primaryKey != null && !primaryKey.contains(timestamp)) {
            throw new TDengineException(
                    ErrorCodes.DRIVER_INVALID_VARIABLE,
                    "The PRIMARY KEY " + primaryKey + " of the sink for " + target.displayName()
                            + " must include its timestamp column " + timestamp
                            + ": TDengine keeps one row per table and timestamp.");
        }
        return target;
    }

    private void checkArity(List<LogicalType> types) {
        if (types.size() != fieldNames.size()) {
            throw new TDengineException(
                    ErrorCodes.DRIVER_INVALID_VARIABLE,
                    database + "." + table + ": the rows have " + types.size() + " fields but the sink has "
                            + fieldNames.size() + " (" + fieldNames + ")");
        }
    }

    /**
     * Called when the job is translated: a stream of {@code RowData} typed with Flink's
     * {@code InternalTypeInfo} declares its row type, which the rows are then read by (checked
     * against the target's columns by the writers).
     *
     * @throws TDengineException 0x2303 when that type has another number of fields
     */
    @Override
    public DataStream<IN> addPreWriteTopology(DataStream<IN> input) {
        if (rowTypes == null
                && SinkInputs.readsRowData(connection)
                && input.getType().getClass().getName().equals(RowTypes.INTERNAL_TYPE_INFO)) {
            LogicalType type = RowTypes.of(input.getType());
            if (type instanceof RowType) {
                checkArity(type.getChildren());
                rowTypes = new ArrayList<>(type.getChildren());
            }
        }
        return input;
    }

    /**
     * Flink 1.19 to 2.x call this one; it describes the target, so a wrong table or field fails
     * the job as it starts. A declaration the target cannot take (0xa014, 0x2303) fails it for
     * good: no restart mends it; the server's errors (no table yet, no connection) restart it.
     */
    @Override
    @SuppressWarnings("unchecked")
    public SinkWriter<IN> createWriter(WriterInitContext context) {
        NativeLifecycle.registerReleaseHook(context.getUserCodeClassLoader());
        SinkTarget target;
        try {
            target = describeTarget();
        } catch (TDengineException e) {
            if (e.getErrorCode() == SinkErrorNumbers.ERROR_INVALID_SINK_FIELD_NAME
                    || e.getErrorCode() == ErrorCodes.DRIVER_INVALID_VARIABLE) {
                throw new SuppressRestartsException(e);
            }
            throw e;
        }
        SinkInput<IN> input = (SinkInput<IN>) SinkInputs.create(
                connection, target.fields(), context.getUserCodeClassLoader().asClassLoader());
        return new TDengineSinkWriter<>(
                connection,
                target,
                input,
                batchSize,
                TimeZones.wallClockZone(connection.get(TDengineConfigParams.PROPERTY_KEY_TIME_ZONE, null)),
                rowTypes,
                context.metricGroup());
    }

    /** The database of {@code jdbc:TAOS-WS://host:port/db?...}, or null. */
    private static String databaseOf(String url) {
        int scheme = url.indexOf("://");
        int slash = scheme < 0 ? -1 : url.indexOf('/', scheme + 3);
        if (slash < 0) {
            return null;
        }
        int query = url.indexOf('?', slash);
        String db = url.substring(slash + 1, query < 0 ? url.length() : query).trim();
        return db.isEmpty() ? null : db;
    }

    /**
     * Reads the logical type of Flink's {@code InternalTypeInfo}, from flink-table-runtime, which
     * a DataStream-only job may not have: this class is loaded only once a stream has that type.
     */
    private static final class RowTypes {
        static final String INTERNAL_TYPE_INFO = "org.apache.flink.table.runtime.typeutils.InternalTypeInfo";

        static LogicalType of(TypeInformation<?> type) {
            return ((InternalTypeInfo<?>) type).toLogicalType();
        }
    }
}
