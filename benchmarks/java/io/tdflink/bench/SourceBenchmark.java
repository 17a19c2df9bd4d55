package io.tdflink.bench;

import io.tdflink.common.TDengineConfigParams;
import io.tdflink.source.TDengineSource;
import io.tdflink.source.entity.SourceSplitSql;
import io.tdflink.source.entity.SplitType;
import io.tdflink.source.entity.TimestampSplitInfo;

import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.table.data.RowData;

import java.time.Duration;
import java.util.Properties;

/**
 * The connector's side of the source benchmark (benchmarks/source.sh): reads a time range of
 * a table with a time-split {@link TDengineSource} into a discarding sink, touching every field
 * of every row, on a local Flink (MiniCluster) in this JVM. One warm-up run, then RUNS measured
 * runs; prints one JSON line per measured run: rows, seconds, CPU seconds of this process, and
 * how many attempts of the run failed before it (each is tried up to 20 times: at p=2 the
 * official JDBC driver's race, docs/benchmarks/tdlite.md, failed one 14 times in a row).
 *
 * <p>Arguments: URL SQL FIELD START_MS END_MS SPLITS PARALLELISM RUNS
 */
public final class SourceBenchmark {
    private static final int MAX_ATTEMPTS = 20;

    private SourceBenchmark() {}

    private static String rootCause(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause.toString();
    }

    public static void main(String[] args) throws Exception {
        String url = args[0];
        String sql = args[1];
        long start = Long.parseLong(args[3]);
        long end = Long.parseLong(args[4]);
        int splits = Integer.parseInt(args[5]);
        int parallelism = Integer.parseInt(args[6]);
        int runs = Integer.parseInt(args[7]);
        Properties props = new Properties();
        props.setProperty(TDengineConfigParams.TD_JDBC_URL, url);
        props.setProperty(TDengineConfigParams.VALUE_DESERIALIZER, "RowData");
        SourceSplitSql query = new SourceSplitSql(sql)
                .setSplitType(SplitType.SPLIT_TYPE_TIMESTAMP)
                .setTimestampSplitInfo(new TimestampSplitInfo(
                        start, end, args[2], Duration.ofMillis((end - start + splits - 1) / splits)));
        for (int run = 0; run <= runs; run++) {
            for (int attempt = 1; ; attempt++) {
                StreamExecutionEnvironment env = Jobs.environment(parallelism);
                env.fromSource(
                                new TDengineSource<>(props, query, RowData.class),
                                WatermarkStrategy.noWatermarks(),
                                "tdengine")
                        .map(new TouchEveryField())
                        .sinkTo(new DiscardingSink<>());
                Measurement measurement = new Measurement();
                JobExecutionResult result;
                try {
                    result = env.execute("source benchmark");
                } catch (Exception e) {
                    // The official JDBC driver's read-ahead can stall on a fast server
                    // (docs/benchmarks/tdlite.md): such a run is tried again, and counted.
                    if (attempt == MAX_ATTEMPTS) {
                        throw e;
                    }
                    System.err.println("run " + run + ", attempt " + attempt + " failed: " + rootCause(e));
                    continue;
                }
                String line = measurement.json(result.<Long>getAccumulatorResult("rows"));
                if (run > 0) {
                    System.out.println(
                            line.substring(0, line.length() - 1) + ", \"failed_attempts\": " + (attempt - 1) + "}");
                }
                break;
            }
        }
        System.exit(0);
    }
}
