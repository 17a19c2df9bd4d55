package io.tdflink.bench;

import io.tdflink.cdc.TDengineCdcSource;
import io.tdflink.common.TDengineCdcParams;
import io.tdflink.common.TDengineConfigParams;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.table.data.RowData;

import java.util.Collection;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/**
 * The connector's side of the CDC benchmark (benchmarks/cdc.sh): a
 * {@link TDengineCdcSource}{@code <RowData>} on a local Flink (MiniCluster) in this JVM, run
 * until a number of rows arrived, then cancelled.
 *
 * <ul>
 *   <li>{@code HOST:PORT TOPIC drain PARALLELISM ROWS RUNS}: each run a new group reads the
 *       topic from {@code earliest}, touching every field, until ROWS rows arrived. One warm-up
 *       run, then RUNS measured runs, one JSON line each (rows, seconds, CPU seconds of this
 *       process, from the first row to the ROWS-th).
 *   <li>{@code HOST:PORT TOPIC latency GROUP POLL_MS ROWS READY_FILE}: group GROUP from
 *       {@code latest}, parallelism 1, with {@code poll.interval_ms} POLL_MS, until ROWS rows
 *       written by {@link CdcInserter} arrived (or none for 15 s), creating READY_FILE at its
 *       first probe row; prints their insert-to-emit delays and their insert stamps in µs as
 *       one JSON line.
 * </ul>
 */
public final class CdcBenchmark {
    /** How long, after the expected rows, the job keeps running to show rows delivered twice. */
    private static final long SETTLE_MS = 2000;
    /** How long without a new row before a run gives up on the rows it misses (rows lost). */
    private static final long IDLE_MS = 15_000;

    private CdcBenchmark() {}

    public static void main(String[] args) throws Exception {
        String server = args[0];
        String topic = args[1];
        if ("drain".equals(args[2])) {
            int parallelism = Integer.parseInt(args[3]);
            long rows = Long.parseLong(args[4]);
            int runs = Integer.parseInt(args[5]);
            String groups = "cdc_bench_" + System.currentTimeMillis() + "_p" + parallelism + "_";
            for (int run = 0; run <= runs; run++) {
                StreamExecutionEnvironment env = Jobs.environment(parallelism);
                source(env, topic, properties(server, groups + run, "earliest", null))
                        .map(new TouchEveryField())
                        .filter(new Arrivals<>())
                        .sinkTo(new DiscardingSink<>());
                String line = runUntil(env, rows);
                if (run > 0) {
                    System.out.println(line);
                }
            }
        } else {
            long rows = Long.parseLong(args[5]);
            StreamExecutionEnvironment env = Jobs.environment(1);
            source(env, topic, properties(server, args[3], "latest", args[4]))
                    .flatMap(new InsertDelay(args[6]))
                    .filter(new Arrivals<>())
                    .sinkTo(new DiscardingSink<>());
            InsertDelay.DELAYS.clear();
            runUntil(env, rows);
            System.out.println("{\"expected\": " + rows + ", \"latencies_us\": " + column(InsertDelay.DELAYS, 1)
                    + ", \"stamps_us\": " + column(InsertDelay.DELAYS, 0) + "}");
        }
        System.exit(0);
    }

    /** Element {@code k} of each pair, as a JSON array. */
    private static String column(Collection<long[]> pairs, int k) {
        return pairs.stream().map(p -> Long.toString(p[k])).collect(Collectors.joining(",", "[", "]"));
    }

    private static DataStream<RowData> source(StreamExecutionEnvironment env, String topic, Properties props) {
        return env.fromSource(
                new TDengineCdcSource<>(topic, props, RowData.class), WatermarkStrategy.noWatermarks(), "tdengine-cdc");
    }

    /**
     * Submits the job, waits for {@code rows} arrivals (or its failure, or 15 s without one),
     * cancels it after a check for extra rows; the measurement up to the last expected arrival.
     */
    private static String runUntil(StreamExecutionEnvironment env, long rows) throws Exception {
        Arrivals.expect(rows);
        Measurement measurement = new Measurement();
        JobClient job = env.executeAsync("cdc benchmark");
        // A job that fails before the rows arrived completes its result future exceptionally.
        CompletableFuture<Object> over = CompletableFuture.anyOf(Arrivals.reached(), job.getJobExecutionResult());
        long seen = 0;
        long progress = System.nanoTime();
        while (!over.isDone()) {
            try {
                over.get(1, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                if (Arrivals.count() != seen) {
                    seen = Arrivals.count();
                    progress = System.nanoTime();
                } else if (System.nanoTime() - progress > TimeUnit.MILLISECONDS.toNanos(IDLE_MS)) {
                    System.err.printf(
                            "error: only %d of %d rows arrived, none in the last %d ms%n", seen, rows, IDLE_MS);
                    break;
                }
            }
        }
        String line = measurement.json(Arrivals.reached().getNow(Arrivals.count()));
        // The topic holds exactly the rows expected: any arriving later were delivered twice.
        Thread.sleep(SETTLE_MS);
        if (Arrivals.count() > rows) {
            System.err.printf(
                    "warning: %d rows more than the topic holds arrived (duplicates)%n", Arrivals.count() - rows);
        }
        job.cancel().get();
        return line;
    }

    /** Server, credentials, the group and where it starts; RowData with ts in UTC (InsertDelay reads it as an instant). */
    private static Properties properties(String server, String group, String offsetReset, String pollMs) {
        Properties p = new Properties();
        p.setProperty(TDengineCdcParams.BOOTSTRAP_SERVERS, server);
        p.setProperty(TDengineCdcParams.CONNECT_USER, "root");
        p.setProperty(TDengineCdcParams.CONNECT_PASS, "taosdata");
        p.setProperty(TDengineCdcParams.GROUP_ID, group);
        p.setProperty(TDengineCdcParams.AUTO_OFFSET_RESET, offsetReset);
        p.setProperty(TDengineCdcParams.VALUE_DESERIALIZER, "RowData");
        p.setProperty(TDengineConfigParams.PROPERTY_KEY_TIME_ZONE, "UTC");
        if (pollMs != null) {
            p.setProperty(TDengineCdcParams.POLL_INTERVAL_MS, pollMs);
        }
        return p;
    }
}
