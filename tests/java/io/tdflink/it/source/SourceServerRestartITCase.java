package io.tdflink.it.source;

import io.tdflink.testutils.ArrivalCheck;
import io.tdflink.testutils.ArrivalLedger;
import io.tdflink.testutils.FlinkClusters;
import io.tdflink.testutils.KeyedRows;
import io.tdflink.testutils.Paced;
import io.tdflink.testutils.SourceJobs;
import io.tdflink.testutils.TdliteServer;

import org.apache.flink.api.common.JobStatus;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
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
 * tdlite is killed (SIGKILL) and restarted on its data directory while a bounded read is in its
 * middle. The splits being read lose their results (with or without auto-reconnect a result
 * cannot outlive its connection), their tasks fail and Flink reads them again: every row
 * arrives.
 */
class SourceServerRestartITCase {
    @RegisterExtension
    static final MiniClusterExtension FLINK = FlinkClusters.miniCluster(2);

    private static final int ROWS = 100_000;
    private static final int SPLITS = 10;

    @ParameterizedTest(name = "enableAutoReconnect={0}")
    @ValueSource(booleans = {true, false})
    void everyRowArrivesAcrossAServerCrash(boolean autoReconnect, @TempDir Path dataDir) throws Exception {
        ArrivalLedger.reset();
        try (TdliteServer tdlite = new TdliteServer(dataDir).start()) {
            new KeyedRows(tdlite.jdbcUrl(null), "crash", 2, 8).insert(0, ROWS, 20_000, 0);
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(
                    FlinkClusters.restarting(30, Duration.ofMillis(500)));
            env.setParallelism(2);
            env.enableCheckpointing(200);
            // About 5 s of reading: the crash lands mid-read.
            env.fromSource(
                            SourceJobs.keyedRows(tdlite.jdbcUrl("crash"), ROWS, SPLITS, autoReconnect),
                            WatermarkStrategy.noWatermarks(),
                            "tdengine")
                    .map(new Paced<>(100, 10))
                    .map(new ArrivalCheck(1))
                    .sinkTo(new DiscardingSink<>());
            JobClient job = env.executeAsync("source through a server crash");

            ArrivalLedger.awaitKeys(0, ROWS / SPLITS, 60);
            tdlite.kill();
            TimeUnit.MILLISECONDS.sleep(700);
            tdlite.start();
            job.getJobExecutionResult().get(3, TimeUnit.MINUTES);
            assertEquals(JobStatus.FINISHED, job.getJobStatus().get());
            assertEquals(0, ArrivalLedger.missing(0, ROWS), "rows lost");
        }
    }
}
