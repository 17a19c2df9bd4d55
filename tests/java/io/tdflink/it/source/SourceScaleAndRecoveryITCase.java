package io.tdflink.it.source;

import io.tdflink.common.TDengineConfigParams;
import io.tdflink.source.TDengineSource;
import io.tdflink.source.entity.SourceSplitSql;
import io.tdflink.source.entity.SplitType;
import io.tdflink.source.entity.TimestampSplitInfo;
import io.tdflink.testutils.FlinkClusters;
import io.tdflink.testutils.TdliteExtension;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.table.data.RowData;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.BitSet;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One million rows (100 subtables × 10 000) read in ten time splits at parallelism 3, checked by
 * exact count and sums; and the same read with a task failure in the middle, restarted from a
 * checkpoint, delivering every row.
 */
class SourceScaleAndRecoveryITCase {
    @RegisterExtension
    static final TdliteExtension TDLITE = new TdliteExtension();

    @RegisterExtension
    static final MiniClusterExtension FLINK = FlinkClusters.miniCluster(3);

    private static final int TABLES = 100;
    private static final int ROWS_PER_TABLE = 10_000;
    private static final int ROWS = TABLES * ROWS_PER_TABLE;
    private static final long START_MS = 1_700_000_000_000L;

    // Shared with the functions, which run in this JVM on the MiniCluster.
    private static final AtomicLong COUNT = new AtomicLong();
    private static final AtomicLong SUM = new AtomicLong();
    private static final AtomicLong SUM_OF_SQUARES = new AtomicLong();
    private static final BitSet SEEN = new BitSet(ROWS);
    private static final AtomicBoolean CHECKPOINTED = new AtomicBoolean();
    private static final AtomicBoolean FAILED = new AtomicBoolean();

    /** Row k (0 ≤ k < 1M) of table k % 100 has ts START + k ms and v = k. */
    @BeforeAll
    static void load() throws Exception {
        try (Connection conn = DriverManager.getConnection(TDLITE.jdbcUrl(null));
                Statement stmt = conn.createStatement()) {
            stmt.execute("CREATE DATABASE big VGROUPS 4");
            stmt.execute("CREATE STABLE big.m (ts TIMESTAMP, v BIGINT) TAGS (g INT)");
            for (int t = 0; t < TABLES; t++) {
                StringBuilder insert = new StringBuilder(ROWS_PER_TABLE * 28)
                        .append("INSERT INTO big.t")
                        .append(t)
                        .append(" USING big.m TAGS (")
                        .append(t)
                        .append(") VALUES ");
                for (int k = t; k < ROWS; k += TABLES) {
                    insert.append('(')
                            .append(START_MS + k)
                            .append(',')
                            .append(k)
                            .append(')');
                }
                stmt.executeUpdate(insert.toString());
            }
        }
    }

    @Test
    void aMillionRowsByExactCountAndSums() throws Exception {
        reset();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(3);
        env.fromSource(source(), WatermarkStrategy.noWatermarks(), "tdengine")
                .map(new Tally())
                .sinkTo(new DiscardingSink<>());
        env.execute("one million rows");
        assertEquals(ROWS, COUNT.get());
        assertEquals((long) ROWS * (ROWS - 1) / 2, SUM.get());
        long squares = 0;
        for (long k = 0; k < ROWS; k++) {
            squares += k * k;
        }
        assertEquals(squares, SUM_OF_SQUARES.get());
        assertEquals(ROWS, SEEN.cardinality());
    }

    @Test
    void aTaskFailureMidReadRestartsFromACheckpointAndDeliversEveryRow() throws Exception {
        reset();
        Configuration restartOnce = FlinkClusters.restarting(1, Duration.ofMillis(100));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(restartOnce);
        env.setParallelism(3);
        env.enableCheckpointing(100);
        env.fromSource(source(), WatermarkStrategy.noWatermarks(), "tdengine")
                .map(new FailOnceAfterACheckpoint())
                .sinkTo(new DiscardingSink<>());
        env.execute("failure mid-read");
        assertTrue(FAILED.get(), "the job failed once mid-read");
        assertEquals(ROWS, SEEN.cardinality(), "every row arrived at least once");
        assertTrue(COUNT.get() < 2L * ROWS, "replay was bounded: " + COUNT.get() + " deliveries");
    }

    private static TDengineSource<RowData> source() {
        Properties props = new Properties();
        props.setProperty(TDengineConfigParams.VALUE_DESERIALIZER, "RowData");
        props.setProperty(TDengineConfigParams.TD_JDBC_URL, TDLITE.jdbcUrl("big"));
        SourceSplitSql split = new SourceSplitSql("select ts, v from m")
                .setSplitType(SplitType.SPLIT_TYPE_TIMESTAMP)
                .setTimestampSplitInfo(
                        new TimestampSplitInfo(START_MS, START_MS + ROWS, "ts", Duration.ofMillis(ROWS / 10)));
        return new TDengineSource<>(props, split, RowData.class);
    }

    private static void reset() {
        COUNT.set(0);
        SUM.set(0);
        SUM_OF_SQUARES.set(0);
        synchronized (SEEN) {
            SEEN.clear();
        }
        CHECKPOINTED.set(false);
        FAILED.set(false);
    }

    private static class Tally implements MapFunction<RowData, Long> {
        @Override
        public Long map(RowData row) {
            long v = row.getLong(1);
            COUNT.incrementAndGet();
            SUM.addAndGet(v);
            SUM_OF_SQUARES.addAndGet(v * v);
            synchronized (SEEN) {
                SEEN.set((int) v);
            }
            return v;
        }
    }

    /** Fails once, after a checkpoint completed and a third of the rows went by; slows a little so a checkpoint can complete. */
    private static class FailOnceAfterACheckpoint extends Tally implements CheckpointListener {
        @Override
        public Long map(RowData row) {
            if (COUNT.get() % 20_000 == 0) {
                sleep();
            }
            if (CHECKPOINTED.get() && COUNT.get() > ROWS / 3 && FAILED.compareAndSet(false, true)) {
                throw new IllegalStateException("injected failure after " + COUNT.get() + " rows");
            }
            return super.map(row);
        }

        @Override
        public void notifyCheckpointComplete(long checkpointId) {
            CHECKPOINTED.set(true);
        }

        private static void sleep() {
            try {
                TimeUnit.MILLISECONDS.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
