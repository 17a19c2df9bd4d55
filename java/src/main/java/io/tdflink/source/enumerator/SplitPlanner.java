package io.tdflink.source.enumerator;

import io.tdflink.common.ConnectionProperties;
import io.tdflink.jni.NativeSplits;
import io.tdflink.source.entity.SourceSplitSql;
import io.tdflink.source.entity.TimestampSplitInfo;
import io.tdflink.source.split.TDengineSplit;

import org.apache.flink.annotation.Internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Turns a {@link SourceSplitSql} into SQL tasks; the planning itself runs in Rust. */
@Internal
public final class SplitPlanner {
    private SplitPlanner() {}

    /** The plan of a {@link SourceSplitSql}: its SQL tasks as splits {@code split-0}, {@code split-1}... */
    public static SourcePlan planOf(SourceSplitSql split) {
        return connection -> {
            List<String> tasks = plan(split, connection);
            List<TDengineSplit> splits = new ArrayList<>(tasks.size());
            for (int i = 0; i < tasks.size(); i++) {
                splits.add(new TDengineSplit("split-" + i, tasks.get(i)));
            }
            return splits;
        };
    }

    /**
     * Plans against the server: the query is checked there (so bad SQL, an unknown table or
     * wrong credentials fail the job with the server's code before any reader starts) and the
     * precision of the database read decides the unit of time-split bounds.
     */
    public static List<String> plan(SourceSplitSql split, ConnectionProperties connection) {
        return NativeSplits.planOnServer(connection.url(), connection.properties(), describe(split));
    }

    private static Map<String, Object> describe(SourceSplitSql split) {
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put(
                "splitType",
                split.getSplitType() == null ? null : split.getSplitType().name());
        spec.put("sql", split.getSql());
        spec.put("select", split.getSelect());
        spec.put("tableName", split.getTableName());
        spec.put("where", split.getWhere());
        spec.put("other", split.getOther());
        spec.put("tableList", split.getTableList());
        spec.put("tagList", split.getTagList());
        TimestampSplitInfo time = split.getTimestampSplitInfo();
        if (time != null) {
            Map<String, Object> info = new LinkedHashMap<>();
            info.put("startTime", time.getStartTime());
            info.put("endTime", time.getEndTime());
            info.put("fieldName", time.getFieldName());
            info.put("interval", time.getInterval());
            spec.put("timestampSplitInfo", info);
        }
        return spec;
    }
}
