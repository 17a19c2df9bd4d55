package io.tdflink.it.sink;

import io.tdflink.testutils.FlinkClusters;
import io.tdflink.testutils.Paced;
import io.tdflink.testutils.SequenceRows;
import io.tdflink.testutils.SequenceTableCheck;
import io.tdflink.testutils.Sql;
import io.tdflink.testutils.TdliteServer;

import org.apache.flink.api.common.JobStatus;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.data.RowData;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.time.Duration;
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

    @ParameterizedTest(name = "enableAutoReconnect={0}")
    @ValueSource(booleans = {true, false})
    void everyRowExactlyOnceAfterTheServerCrashed(boolean autoReconnect, @TempDir Path dataDir) throws Exception {
        try (TdliteServer tdlite = new TdliteServer(dataDir).start()) {
            String url = tdlite.jdbcUrl("crash");
            SequenceRows.createSupertable(tdlite.jdbcUrl(null), "crash");
            Configuration config = FlinkClusters.restarting(30, Duration.ofMillis(500));
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(config);
            env.setParallelism(2);
            env.enableCheckpointing(200);
            env.fromSequence(0, ROWS - 1)
                    .map(new Paced<>(500, 10))
                    .map(new SequenceRows(TABLES))
                    .returns(TypeInformation.of(RowData.class))
                    .sinkTo(SequenceRows.sink(url, 500, autoReconnect, 300, 30));
            JobClient job = env.executeAsync("sink through a server crash");

            Sql.awaitAtLeast(url, "select count(*) from m", ROWS / 5, Duration.ofMinutes(1));
            tdlite.kill();
            TimeUnit.MILLISECONDS.sleep(700);
            tdlite.start();
            job.getJobExecutionResult().get(3, TimeUnit.MINUTES);
            assertEquals(JobStatus.FINISHED, job.getJobStatus().get());

            SequenceTableCheck check = SequenceTableCheck.of(url, "crash", ROWS, TABLES);
            assertEquals(
                    "rows=" + ROWS + " lost=0 duplicates_left=0 wrong=0",
                    check.summary(),
                    "every (table, ts) once, with its own value");
        }
    }
}
