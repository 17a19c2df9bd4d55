package io.tdflink.clusterjobs;

import io.tdflink.common.TDengineConfigParams;
import io.tdflink.sink.TDengineSink;
import io.tdflink.source.TDengineSource;
import io.tdflink.source.entity.SourceSplitSql;
import io.tdflink.source.entity.SplitType;
import io.tdflink.source.entity.TimestampSplitInfo;

import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.AggregateFunction;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple3;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.util.Collector;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;

/**
 * The README demo's report: supertable {@code meters} of database URL {@code url} read by
 * {@link TDengineSource} in {@code splits} time splits between {@code start} and {@code end}
 * (epoch ms), aggregated per location and hour (readings, average voltage, highest current),
 * written by {@link TDengineSink} into supertable {@code location_hourly} of the same database,
 * one subtable per location. Runs in batch mode: each window is final when written.
 */
public final class LocationReportJob {
    /** The target's fields: columns, the location tag, and tbname naming the location's subtable. */
    static final List<String> FIELDS =
            Arrays.asList("ts", "readings", "avg_voltage", "max_current", "location", "tbname");

    private LocationReportJob() {}

    public static void main(String[] args) throws Exception {
        JobArgs a = new JobArgs(args);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setRuntimeMode(RuntimeExecutionMode.BATCH);
        env.setParallelism((int) a.getLong("parallelism", 2));
        long start = a.getLong("start", GeneratedMetersJob.START);
        long end = a.getLong("end", start + 86_400_000L);
        long splits = a.getLong("splits", 8);
        Properties source = new Properties();
        source.setProperty(TDengineConfigParams.TD_JDBC_URL, a.get("url"));
        source.setProperty(TDengineConfigParams.VALUE_DESERIALIZER, "RowData");
        SourceSplitSql split = new SourceSplitSql("select ts, voltage, `current`, location from meters")
                .setSplitType(SplitType.SPLIT_TYPE_TIMESTAMP)
                .setTimestampSplitInfo(new TimestampSplitInfo(
                        start, end, "ts", Duration.ofMillis((end - start + splits - 1) / splits)));
        WatermarkStrategy<RowData> eventTime = WatermarkStrategy.<RowData>forMonotonousTimestamps()
                .withTimestampAssigner((row, previous) -> row.getTimestamp(0, 3).getMillisecond());
        env.fromSource(new TDengineSource<>(source, split, RowData.class), eventTime, "meters")
                .keyBy(row -> row.getString(3).toString(), Types.STRING)
                .window(TumblingEventTimeWindows.of(Duration.ofHours(1)))
                .aggregate(new Readings(), new PerLocationHour())
                .sinkTo(new TDengineSink<>(Meters.sink(a.get("url"), "location_hourly", "1000"), FIELDS))
                .name("location_hourly");
        env.execute(a.get("name", "location report"));
    }

    /** (readings, voltage sum, highest current) of one window. */
    static final class Readings
            implements AggregateFunction<RowData, Tuple3<Long, Long, Float>, Tuple3<Long, Long, Float>> {
        @Override
        public Tuple3<Long, Long, Float> createAccumulator() {
            return Tuple3.of(0L, 0L, Float.NEGATIVE_INFINITY);
        }

        @Override
        public Tuple3<Long, Long, Float> add(RowData row, Tuple3<Long, Long, Float> acc) {
            return Tuple3.of(acc.f0 + 1, acc.f1 + row.getInt(1), Math.max(acc.f2, row.getFloat(2)));
        }

        @Override
        public Tuple3<Long, Long, Float> getResult(Tuple3<Long, Long, Float> acc) {
            return acc;
        }

        @Override
        public Tuple3<Long, Long, Float> merge(Tuple3<Long, Long, Float> a, Tuple3<Long, Long, Float> b) {
            return Tuple3.of(a.f0 + b.f0, a.f1 + b.f1, Math.max(a.f2, b.f2));
        }
    }

    /** One report row per location and hour. */
    static final class PerLocationHour
            extends ProcessWindowFunction<Tuple3<Long, Long, Float>, RowData, String, TimeWindow> {
        @Override
        public void process(
                String location, Context context, Iterable<Tuple3<Long, Long, Float>> results, Collector<RowData> out) {
            Tuple3<Long, Long, Float> r = results.iterator().next();
            out.collect(GenericRowData.of(
                    TimestampData.fromEpochMillis(context.window().getStart()),
                    r.f0,
                    (double) r.f1 / r.f0,
                    r.f2,
                    StringData.fromString(location),
                    StringData.fromString("hourly_" + location.replaceAll("[^A-Za-z0-9_]", "_"))));
        }
    }
}
