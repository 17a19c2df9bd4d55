package io.tdflink.it.sink;

import io.tdflink.common.TDengineConfigParams;
import io.tdflink.sink.TDengineSink;
import io.tdflink.testutils.FlinkClusters;
import io.tdflink.testutils.Sql;
import io.tdflink.testutils.TdliteServer;

import org.apache.flink.api.common.JobStatus;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.test.junit5.MiniClusterExtension;

import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Arrays;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * tdlite is killed (SIGKILL) and restarted on its data directory in the middle of a sink job.
 * With auto-reconnect the writer writes its batch again on a new connection; without it the
 * task fails and Flink restarts from its last checkpoint. Either way every input row ends up
 * in TDengine exactly once by (table, ts), with its own value.
 */
class SinkServerRestartITCase {
    @RegisterExtension
    static final MiniClusterExtension FLINK = FlinkClusters.miniCluster(2);

    private static final long ROWS = 60_000;
    private static final int TABLES = 10;
    private static final long START_MS = 1_700_000_000_000L;

    @ParameterizedTest(name = "enableAutoReconnect={0}")
    @ValueSource(booleans = {true, false})
    void everyRowExactlyOnceAfterTheServerCrashed(boolean autoReconnect, @TempDir Path dataDir) throws Exception {
        try (TdliteServer tdlite = new TdliteServer(dataDir).start()) {
            String url = tdlite.jdbcUrl("crash");
            Sql.execute(tdlite.jdbcUrl(null), "CREATE DATABASE crash", "CREATE STABLE crash.m (ts TIMESTAMP, v BIGINT) TAGS (g INT)");
            Properties props = new Properties();
            props.setProperty(TDengineConfigParams.TD_JDBC_URL, url);
            props.setProperty(TDengineConfigParams.TD_SUPERTABLE_NAME, "m");
            props.setProperty(TDengineConfigParams.VALUE_DESERIALIZER, "RowData");
            props.setProperty(TDengineConfigParams.TD_BATCH_SIZE, "500");
            props.setProperty(TDengineConfigParams.PROPERTY_KEY_ENABLE_AUTO_RECONNECT, String.valueOf(autoReconnect));
            props.setProperty(TDengineConfigParams.PROPERTY_KEY_RECONNECT_INTERVAL_MS, "300");
            props.setProperty(TDengineConfigParams.PROPERTY_KEY_RECONNECT_RETRY_COUNT, "30");

            Configuration config = FlinkClusters.restarting(30, Duration.ofMillis(500));
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(config);
            env.setParallelism(2);
            env.enableCheckpointing(200);
            env.fromSequence(0, ROWS - 1)
                    .map(new Throttled())
                    .returns(TypeInformation.of(RowData.class))
                    .sinkTo(new TDengineSink<>(props, Arrays.asList("tbname", "ts", "v", "g")));
            JobClient job = env.executeAsync("sink through a server crash");

            awaitRows(url, ROWS / 5);
            tdlite.kill();
            TimeUnit.MILLISECONDS.sleep(700);
            tdlite.start();
            job.getJobExecutionResult().get(3, TimeUnit.MINUTES);
            assertEquals(JobStatus.FINISHED, job.getJobStatus().get());

            assertEquals(ROWS, Sql.number(url, "select count(*) from m"), "every (table, ts) once");
            assertEquals(ROWS * (ROWS - 1) / 2, Sql.number(url, "select sum(v) from m"), "each with its own value");
            assertEquals(0, rowsWithForeignValues(url), "no row carries another row's value");
        }
    }

    private static long rowsWithForeignValues(String url) throws Exception {
        long wrong = 0;
        try (Connection conn = DriverManager.getConnection(url); Statement stmt = conn.createStatement(); ResultSet rs = stmt.executeQuery("select ts, v from m")) {
            while (rs.next()) {
                wrong += rs.getTimestamp(1).getTime() - START_MS == rs.getLong(2) ? 0 : 1;
            }
        }
        return wrong;
    }

    private static void awaitRows(String url, long rows) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        while (Sql.number(url, "select count(*) from m") < rows) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the job wrote fewer than " + rows + " rows in a minute");
            }
            TimeUnit.MILLISECONDS.sleep(50);
        }
    }

    /** Row k: table t{k % 10}, ts START + k ms, v = k; slowed so the crash lands mid-job. */
    private static class Throttled implements MapFunction<Long, RowData> {
        @Override
        public RowData map(Long k) throws InterruptedException {
            if (k % 500 == 0) {
                TimeUnit.MILLISECONDS.sleep(10);
            }
            return GenericRowData.of(StringData.fromString("t" + k % TABLES), TimestampData.fromEpochMillis(START_MS + k), k, (int) (k % TABLES));
        }
    }
}
