package io.tdflink.table.query;

import io.tdflink.common.ConnectionProperties;
import io.tdflink.common.ErrorCodes;
import io.tdflink.common.TDengineDataType;
import io.tdflink.common.TDengineException;
import io.tdflink.common.types.TimestampTicks;
import io.tdflink.jni.NativeColumn;
import io.tdflink.jni.NativeSplits;
import io.tdflink.source.enumerator.SourcePlan;
import io.tdflink.source.split.TDengineSplit;

import org.apache.flink.annotation.Internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * How a table scan is cut into splits ({@code scan.partition.*}). Everything runs when the job
 * starts, in the enumerator: the table's columns are described ({@link ScanColumns}), the SQL
 * written with them, and the planning itself runs in Rust (rust/native/src/splits/scan.rs), the
 * planner the DataStream source uses too. This class only describes the scan and the
 * partitioning, and turns the planned (SQL, parameters) pairs into splits.
 */
@Internal
public final class ScanPartitioning implements SourcePlan {
    private static final long serialVersionUID = 1L;

    private final ScanColumns.Source source;
    private final ScanQuery query;
    private final Map<String, Object> partitioning;
    /** Time partitioning: the declared TIMESTAMP field and the range's ends; null otherwise. */
    private final String timeField;

    private final Instant lower;
    private final Instant upper;

    private ScanPartitioning(
            ScanColumns.Source source,
            ScanQuery query,
            Map<String, Object> partitioning,
            String timeField,
            Instant lower,
            Instant upper) {
        this.source = source;
        this.query = query;
        this.partitioning = partitioning;
        this.timeField = timeField;
        this.lower = lower;
        this.upper = upper;
    }

    public static SourcePlan none(ScanColumns.Source source, ScanQuery query) {
        return new ScanPartitioning(source, query, partitioning("none"), null, null, null);
    }

    /**
     * {@code num} equal ranges of [lower, upper]; the first also reads everything before (and
     * NULLs), the last everything after, so no row is left out whatever the bounds.
     *
     * @param field the declared field of the TIMESTAMP column
     * @param lower first instant of the range
     * @param upper last instant of the range, inclusive
     */
    public static SourcePlan byTime(
            ScanColumns.Source source, ScanQuery query, String field, Instant lower, Instant upper, int num) {
        Map<String, Object> by = partitioning("time");
        by.put("num", num);
        return new ScanPartitioning(source, query, by, field, lower, upper);
    }

    /** The subtables {@code distinctTablesSql} lists when the job starts, dealt into {@code num} splits. */
    public static SourcePlan bySubtable(ScanColumns.Source source, ScanQuery query, String distinctTablesSql, int num) {
        Map<String, Object> by = partitioning("subtable");
        by.put("tables", distinctTablesSql);
        by.put("num", num);
        return new ScanPartitioning(source, query, by, null, null, null);
    }

    /**
     * The vgroups holding the subtables of supertable {@code table} (as spelled in the options)
     * of {@code database} (null: the connection's), dealt into {@code num} splits.
     */
    public static SourcePlan byVgroup(
            ScanColumns.Source source, ScanQuery query, String database, String table, int num) {
        Map<String, Object> by = partitioning("vgroup");
        by.put("database", database);
        by.put("table", table);
        by.put("num", num);
        return new ScanPartitioning(source, query, by, null, null, null);
    }

    private static Map<String, Object> partitioning(String by) {
        Map<String, Object> partitioning = new LinkedHashMap<>();
        partitioning.put("by", by);
        return partitioning;
    }

    @Override
    public List<TDengineSplit> plan(ConnectionProperties connection) {
        ScanColumns columns = source.describe(connection);
        UnaryOperator<String> quoted = columns::quoted;
        Map<String, Object> by = new LinkedHashMap<>(partitioning);
        if (timeField != null) {
            NativeColumn column = columns.column(timeField);
            if (column.type() != TDengineDataType.TIMESTAMP) {
                throw new TDengineException(
                        ErrorCodes.CONNECTOR_INVALID_SINK_FIELD_NAME,
                        "'scan.partition.column' is " + timeField + ", a " + column.type()
                                + " column in TDengine: partition by a TIMESTAMP column (time ranges) or by tbname (subtables)");
            }
            by.put("column", column.name());
            by.put("precision", column.precision());
            by.put("lower", TimestampTicks.fromInstant(lower, column.precision()));
            by.put("upper", TimestampTicks.fromInstant(upper, column.precision()));
        }
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("sql", query.sql(quoted));
        spec.put("select", query.selectClause(quoted));
        spec.put("where", query.whereClause(quoted));
        spec.put("tail", query.limitClause());
        spec.put("partitioning", by);
        byte[] parameters = QueryParameter.encode(query.parameters(columns));
        List<NativeSplits.ScanTask> tasks =
                NativeSplits.planScan(connection.url(), connection.properties(), spec, parameters);
        List<TDengineSplit> splits = new ArrayList<>(tasks.size());
        for (NativeSplits.ScanTask task : tasks) {
            splits.add(new TDengineSplit("split-" + splits.size(), task.sql, task.parameters));
        }
        return splits;
    }
}
