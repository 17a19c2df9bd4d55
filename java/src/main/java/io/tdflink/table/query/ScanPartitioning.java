package io.tdflink.table.query;

import io.tdflink.jni.NativeJson;
import io.tdflink.jni.NativeSplits;
import io.tdflink.source.enumerator.SourcePlan;
import io.tdflink.source.split.TDengineSplit;

import org.apache.flink.annotation.Internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How a table scan is cut into splits ({@code scan.partition.*}). The planning itself runs in
 * Rust (tdflink_client::splits::scan), the planner the DataStream source uses too, when the job
 * starts: this class only describes the scan (its SQL in parts, its parameters) and the
 * partitioning, and turns the planned (SQL, parameters) pairs into splits.
 */
@Internal
public final class ScanPartitioning {
    private ScanPartitioning() {}

    public static SourcePlan none(ScanQuery query) {
        return plan(query, partitioning("none"));
    }

    /**
     * {@code num} equal ranges of [lower, upper]; the first also reads everything before (and
     * NULLs), the last everything after, so no row is left out whatever the bounds.
     *
     * @param column the TIMESTAMP column's name in the result
     * @param lowerTicks first tick of the range, in the column's precision
     * @param upperTicks last tick of the range, inclusive
     */
    public static SourcePlan byTime(ScanQuery query, String column, int precision, long lowerTicks, long upperTicks, int num) {
        Map<String, Object> by = partitioning("time");
        by.put("column", column);
        by.put("precision", precision);
        by.put("lower", lowerTicks);
        by.put("upper", upperTicks);
        by.put("num", num);
        return plan(query, by);
    }

    /** The subtables {@code distinctTablesSql} lists when the job starts, dealt into {@code num} splits. */
    public static SourcePlan bySubtable(ScanQuery query, String distinctTablesSql, int num) {
        Map<String, Object> by = partitioning("subtable");
        by.put("tables", distinctTablesSql);
        by.put("num", num);
        return plan(query, by);
    }

    /**
     * The vgroups holding the subtables of supertable {@code table} (as spelled in the options)
     * of {@code database} (null: the connection's), dealt into {@code num} splits.
     */
    public static SourcePlan byVgroup(ScanQuery query, String database, String table, int num) {
        Map<String, Object> by = partitioning("vgroup");
        by.put("database", database);
        by.put("table", table);
        by.put("num", num);
        return plan(query, by);
    }

    private static Map<String, Object> partitioning(String by) {
        Map<String, Object> partitioning = new LinkedHashMap<>();
        partitioning.put("by", by);
        return partitioning;
    }

    private static SourcePlan plan(ScanQuery query, Map<String, Object> partitioning) {
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("sql", query.sql());
        spec.put("select", query.selectClause());
        spec.put("where", query.condition().sql());
        spec.put("tail", query.limitClause());
        spec.put("partitioning", partitioning);
        String specJson = NativeJson.of(spec);
        byte[] parameters = QueryParameter.encode(query.parameters());
        return connection -> {
            List<NativeSplits.ScanTask> tasks = NativeSplits.planScan(connection.url(), NativeJson.of(connection.properties()), specJson, parameters);
            List<TDengineSplit> splits = new ArrayList<>(tasks.size());
            for (NativeSplits.ScanTask task : tasks) {
                splits.add(new TDengineSplit("split-" + splits.size(), task.sql, task.parameters));
            }
            return splits;
        };
    }
}
