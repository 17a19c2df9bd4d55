package io.tdflink.table.query;

import io.tdflink.common.ConnectionProperties;
import io.tdflink.common.Identifiers;
import io.tdflink.jni.NativeBatchReader;
import io.tdflink.jni.NativeQuery;
import io.tdflink.source.enumerator.SourcePlan;
import io.tdflink.source.split.TDengineSplit;

import org.apache.flink.annotation.Internal;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.TreeSet;

/**
 * How a table scan is cut into splits, planned by the enumerator when the job starts:
 * <ul>
 *   <li>none: one split;
 *   <li>by time ({@code scan.partition.column} a TIMESTAMP column): {@code num} equal ranges
 *       of [lower, upper]; the first also reads everything before (and NULLs), the last
 *       everything after, so no row is left out whatever the bounds;
 *   <li>by subtable ({@code scan.partition.column = 'tbname'}): the query's subtables, found
 *       when the job starts, dealt into {@code num} groups.
 * </ul>
 */
@Internal
public final class ScanPartitioning {
    private ScanPartitioning() {}

    public static SourcePlan none(ScanQuery query) {
        return connection -> Collections.singletonList(split(0, query));
    }

    /**
     * @param column the TIMESTAMP column's name in the result
     * @param lowerTicks first tick of the range, in the column's precision
     * @param upperTicks last tick of the range, inclusive
     */
    public static SourcePlan byTime(ScanQuery query, String column, int precision, long lowerTicks, long upperTicks, int num) {
        return connection -> {
            String name = Identifiers.quote(column);
            // BigInteger: the span of extreme bounds does not fit a long; each cut point does.
            BigInteger first = BigInteger.valueOf(lowerTicks);
            BigInteger span = BigInteger.valueOf(upperTicks).subtract(first).add(BigInteger.ONE);
            int parts = span.compareTo(BigInteger.valueOf(num)) < 0 ? span.intValue() : num;
            List<TDengineSplit> splits = new ArrayList<>();
            for (int i = 0; i < parts; i++) {
                List<QueryParameter> values = new ArrayList<>();
                List<String> bounds = new ArrayList<>();
                if (i > 0) {
                    bounds.add(name + " >= ?");
                    values.add(QueryParameter.timestamp(cut(first, span, i, parts), precision));
                }
                if (i < parts - 1) {
                    bounds.add(name + " < ?");
                    values.add(QueryParameter.timestamp(cut(first, span, i + 1, parts), precision));
                }
                String sql = String.join(" and ", bounds) + (i == 0 && parts > 1 ? " or " + name + " is null" : "");
                splits.add(split(i, bounds.isEmpty() ? query : query.withCondition(new SqlCondition(sql, values))));
            }
            return splits;
        };
    }

    /** One split per group of subtables; the subtables are listed when the job starts. */
    public static SourcePlan bySubtable(ScanQuery query, String distinctTablesSql, int num) {
        return connection -> {
            List<String> tables = new ArrayList<>(subtables(connection, distinctTablesSql));
            int parts = Math.max(1, Math.min(num, tables.size()));
            List<TDengineSplit> splits = new ArrayList<>();
            for (int i = 0; i < parts; i++) {
                List<QueryParameter> values = new ArrayList<>();
                StringBuilder in = new StringBuilder(Identifiers.TBNAME + " in (");
                for (int t = i; t < tables.size(); t += parts) {
                    in.append(values.isEmpty() ? "?" : ", ?");
                    values.add(QueryParameter.text(tables.get(t), false));
                }
                splits.add(split(i, values.isEmpty() ? query : query.withCondition(new SqlCondition(in.append(')').toString(), values))));
            }
            return splits;
        };
    }

    private static TreeSet<String> subtables(ConnectionProperties connection, String sql) {
        TreeSet<String> names = new TreeSet<>();
        try (NativeQuery query = NativeQuery.open(connection.url(), connection.properties(), sql)) {
            for (NativeBatchReader batch = query.next(); batch != null; batch = query.next()) {
                for (int row = 0; row < batch.rowCount(); row++) {
                    if (!batch.isNull(0, row)) {
                        names.add(batch.getString(0, row));
                    }
                }
            }
        }
        return names;
    }

    private static long cut(BigInteger first, BigInteger span, int i, int parts) {
        return first.add(span.multiply(BigInteger.valueOf(i)).divide(BigInteger.valueOf(parts))).longValueExact();
    }

    private static TDengineSplit split(int index, ScanQuery query) {
        return new TDengineSplit("split-" + index, query.sql(), QueryParameter.encode(query.parameters()));
    }
}
