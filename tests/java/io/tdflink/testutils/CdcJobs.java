package io.tdflink.testutils;

import io.tdflink.common.TDengineCdcParams;
import io.tdflink.common.TDengineConfigParams;
import io.tdflink.tmq.ConsumerRecord;
import io.tdflink.tmq.ConsumerRecords;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.DataStreamSource;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.data.RowData;
import org.apache.flink.util.CloseableIterator;

import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.ToIntFunction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/** CDC source settings and jobs for the ITCases. */
public final class CdcJobs {
    /** The official examples' topic over {@link PowerMeters}' supertable. */
    public static final String METERS_TOPIC = "topic_meters";
    /** The topic's columns, as {@link Sql#rows} shows them: what {@link #meterLine} must match. */
    public static final String METERS_QUERY =
            "SELECT ts, `current`, voltage, phase, location, groupid, tbname FROM power.meters";
    /** How long a test waits for rows that should come: far beyond what they take, so only a hang hits it. */
    public static final Duration DEADLINE = Duration.ofSeconds(60);

    private CdcJobs() {}

    /** {@link PowerMeters#create}, then {@link #METERS_TOPIC} over {@code power.meters}. */
    public static void createPowerMeters(String jdbcUrl) throws SQLException {
        PowerMeters.create(jdbcUrl);
        Sql.execute(jdbcUrl, "CREATE TOPIC " + METERS_TOPIC + " AS " + METERS_QUERY);
    }

    /** What the official examples set: server, credentials, group, {@code earliest}, RowData, commit on checkpoints. */
    public static Properties properties(TdliteServer tdlite, String group) {
        Properties p = new Properties();
        p.setProperty(TDengineCdcParams.BOOTSTRAP_SERVERS, "localhost:" + tdlite.port());
        p.setProperty(TDengineCdcParams.CONNECT_USER, "root");
        p.setProperty(TDengineCdcParams.CONNECT_PASS, "taosdata");
        p.setProperty(TDengineCdcParams.GROUP_ID, group);
        p.setProperty(TDengineCdcParams.AUTO_OFFSET_RESET, "earliest");
        p.setProperty(TDengineCdcParams.VALUE_DESERIALIZER, "RowData");
        p.setProperty(TDengineCdcParams.POLL_INTERVAL_MS, "100");
        p.setProperty(TDengineCdcParams.ENABLE_AUTO_COMMIT, "false");
        return p;
    }

    /** {@link #properties} for a consumer that reaches {@code tdlite} through {@code proxy} and reconnects as a production job would. */
    public static Properties reconnectingThrough(FaultProxy proxy, TdliteServer tdlite, String group) {
        Properties p = properties(tdlite, group);
        p.setProperty(TDengineCdcParams.BOOTSTRAP_SERVERS, "127.0.0.1:" + proxy.port());
        p.setProperty(TDengineConfigParams.PROPERTY_KEY_ENABLE_AUTO_RECONNECT, "true");
        p.setProperty(TDengineConfigParams.PROPERTY_KEY_RECONNECT_INTERVAL_MS, "200");
        p.setProperty(TDengineConfigParams.PROPERTY_KEY_RECONNECT_RETRY_COUNT, "20");
        return p;
    }

    /** {@link #properties} with {@code value.deserializer} ({@code RowData} or a class name) and {@code td.batch.mode} given. */
    public static Properties properties(TdliteServer tdlite, String group, String deserializer, boolean batchMode) {
        Properties p = properties(tdlite, group);
        p.setProperty(TDengineCdcParams.VALUE_DESERIALIZER, deserializer);
        p.setProperty(TDengineCdcParams.TMQ_BATCH_MODE, Boolean.toString(batchMode));
        return p;
    }

    /** The class of {@code ConsumerRecords<V>}, for the batch-mode constructor argument. */
    @SuppressWarnings("unchecked")
    public static <V> Class<ConsumerRecords<V>> batches() {
        return (Class<ConsumerRecords<V>>) (Class<?>) ConsumerRecords.class;
    }

    /** The values of every record of {@code batches}, in order. */
    public static <V> List<V> values(List<ConsumerRecords<V>> batches) {
        List<V> out = new ArrayList<>();
        for (ConsumerRecords<V> batch : batches) {
            for (ConsumerRecord<V> record : batch) {
                out.add(record.value());
            }
        }
        return out;
    }

    /** A row of {@link #METERS_TOPIC} in {@link Sql#rows}' form (timestamps as {@code java.sql.Timestamp} shows them). */
    public static String meterLine(RowData row) {
        return row.getTimestamp(0, 9).toTimestamp() + " " + row.getFloat(1) + " " + row.getInt(2) + " "
                + row.getFloat(3) + " " + row.getString(4) + " " + row.getInt(5) + " " + row.getString(6);
    }

    public static <T> DataStreamSource<T> stream(StreamExecutionEnvironment env, Source<T, ?, ?> source) {
        return env.fromSource(source, WatermarkStrategy.noWatermarks(), "tdengine-cdc");
    }

    /**
     * An environment at {@code parallelism} that checkpoints every 100 ms, so offsets are
     * committed as the job runs, and never restarts: with checkpoints Flink would otherwise
     * restart a failing job forever, and a test would only see rows not coming.
     */
    public static StreamExecutionEnvironment environment(int parallelism) {
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(FlinkClusters.notRestarting());
        env.setParallelism(parallelism);
        env.enableCheckpointing(100);
        return env;
    }

    /** Runs the unbounded source until {@code rows} rows arrived, then cancels it. */
    public static <T> List<T> collect(Source<T, ?, ?> source, int parallelism, int rows) throws Exception {
        return collect(source, parallelism, element -> 1, rows);
    }

    /** Runs the unbounded source until its elements hold {@code rows} rows ({@code rowsOf} each), then cancels it. */
    public static <T> List<T> collect(Source<T, ?, ?> source, int parallelism, ToIntFunction<T> rowsOf, int rows)
            throws Exception {
        try (Subscription<T> job = subscribe(source, parallelism)) {
            return job.take(rows, rowsOf, DEADLINE);
        }
    }

    /** Starts the unbounded source as a job whose elements the returned subscription hands out. */
    public static <T> Subscription<T> subscribe(Source<T, ?, ?> source, int parallelism) throws Exception {
        return subscribe(stream(environment(parallelism), source));
    }

    /** Starts the job that ends in {@code stream} (an unbounded one) as a subscription to its elements. */
    public static <T> Subscription<T> subscribe(DataStream<T> stream) throws Exception {
        return new Subscription<>(stream.executeAndCollect("tdengine-cdc"));
    }

    /** Polls {@code actual} until it equals {@code expected}, failing with the last value after {@code timeout}. */
    public static void awaitEquals(long expected, Callable<Long> actual, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        Long last = actual.call();
        while (last == null || last != expected) {
            if (System.nanoTime() > deadline) {
                assertEquals(expected, last, "not reached within " + timeout);
            }
            Thread.sleep(100);
            last = actual.call();
        }
    }

    /**
     * A running CDC job read with deadlines: a thread moves its elements into a queue, so a test
     * can wait for rows that may never come without hanging. Closing it cancels the job.
     */
    public static final class Subscription<T> implements AutoCloseable {
        private final CloseableIterator<T> elements;
        private final BlockingQueue<T> queue = new LinkedBlockingQueue<>();
        private final Thread pump;
        private volatile Throwable failure;
        private volatile boolean closed;

        Subscription(CloseableIterator<T> elements) {
            this.elements = elements;
            this.pump = new Thread(this::pump, "cdc-subscription");
            pump.setDaemon(true);
            pump.start();
        }

        private void pump() {
            try {
                while (elements.hasNext()) {
                    queue.add(elements.next());
                }
            } catch (Throwable t) {
                if (!closed) {
                    failure = t;
                }
            }
        }

        /** The next element, or {@code null} if none came within {@code timeout}; fails if the job failed. */
        public T poll(Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            for (long left = timeout.toNanos(); left > 0; left = deadline - System.nanoTime()) {
                T element = queue.poll(Math.min(left, TimeUnit.MILLISECONDS.toNanos(200)), TimeUnit.NANOSECONDS);
                if (element != null) {
                    return element;
                }
                if (failure != null) {
                    throw new AssertionError("the CDC job failed", failure);
                }
            }
            return null;
        }

        /** Elements until they hold {@code rows} rows ({@code rowsOf} each); fails if they do not within {@code timeout}. */
        public List<T> take(int rows, ToIntFunction<T> rowsOf, Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            List<T> out = new ArrayList<>();
            for (int seen = 0; seen < rows; ) {
                T element = poll(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
                if (element == null) {
                    fail("only " + seen + " of " + rows + " rows arrived within " + timeout + ": " + out);
                }
                out.add(element);
                seen += rowsOf.applyAsInt(element);
            }
            return out;
        }

        @Override
        public void close() throws Exception {
            closed = true;
            elements.close();
            pump.join(TimeUnit.SECONDS.toMillis(10));
        }
    }
}
