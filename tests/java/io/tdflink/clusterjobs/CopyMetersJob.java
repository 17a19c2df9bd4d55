package io.tdflink.clusterjobs;

import io.tdflink.common.TDengineConfigParams;
import io.tdflink.sink.TDengineSink;
import io.tdflink.source.TDengineSource;
import io.tdflink.source.entity.SourceSplitSql;
import io.tdflink.source.entity.SplitType;
import io.tdflink.source.entity.TimestampSplitInfo;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.data.RowData;

import java.time.Duration;
import java.util.Properties;

/**
 * A bounded copy: supertable {@code src} of database URL {@code url} read by
 * {@link TDengineSource} in {@code splits} time splits between {@code start} and {@code end}
 * (epoch ms; by default the first hour of {@link GeneratedMetersJob}'s rows), written into
 * supertable {@code dst} of database URL {@code toUrl} by {@link TDengineSink} (another
 * database: a subtable belongs to one supertable, so its name cannot serve a second one).
 */
public final class CopyMetersJob {
    private CopyMetersJob() {}

    public static void main(String[] args) throws Exception {
        JobArgs a = new JobArgs(args);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism((int) a.getLong("parallelism", 1));
        Properties source = new Properties();
        source.setProperty(TDengineConfigParams.TD_JDBC_URL, a.get("url"));
        source.setProperty(TDengineConfigParams.VALUE_DESERIALIZER, "RowData");
        long start = a.getLong("start", GeneratedMetersJob.START);
        long end = a.getLong("end", start + 3_600_000L);
        long splits = a.getLong("splits", 4);
        SourceSplitSql split = new SourceSplitSql(Meters.SELECT + "src")
                .setSplitType(SplitType.SPLIT_TYPE_TIMESTAMP)
                .setTimestampSplitInfo(new TimestampSplitInfo(
                        start, end, "ts", Duration.ofMillis((end - start + splits - 1) / splits)));
        env.fromSource(
                        new TDengineSource<>(source, split, RowData.class),
                        WatermarkStrategy.noWatermarks(),
                        "tdengine source")
                .sinkTo(new TDengineSink<>(
                        Meters.sink(a.get("toUrl"), "dst", a.get("batchSize", "1000")), Meters.FIELDS))
                .name("tdengine sink");
        env.execute(a.get("name", "copy meters"));
    }
}
