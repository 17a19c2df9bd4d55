package io.tdflink.it.cdc;

import io.tdflink.cdc.TDengineCdcSource;
import io.tdflink.testutils.ArrivalCheck;
import io.tdflink.testutils.ArrivalLedger;
import io.tdflink.testutils.CdcJobs;
import io.tdflink.testutils.FlinkClusters;
import io.tdflink.testutils.KeyedRows;
import io.tdflink.testutils.TdliteExtension;

import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.jobgraph.SavepointRestoreSettings;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.flink.table.data.RowData;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Item 3 of the CDC issue: positions are Flink state and a restore seeks back to them. A task
 * failure mid-stream restarts from the last checkpoint; a job started from an older savepoint,
 * while the group's committed offsets are already further, still delivers everything after it.
 * In both, every inserted row arrives at least once and no row the restored state covers
 * arrives again (duplicates only after the restored checkpoint).
 */
class CdcRecoveryITCase {
    @RegisterExtension
    static final TdliteExtension TDLITE = new TdliteExtension();

    @RegisterExtension
    static final MiniClusterExtension FLINK = FlinkClusters.miniCluster(3);

    private static int databases;

    @BeforeEach
    void reset() {
        ArrivalLedger.reset();
    }

    private static KeyedRows rows(int vgroups) throws Exception {
        return new KeyedRows(TDLITE.jdbcUrl(null), "rec" + (++databases), vgroups, 8);
    }

    private static StreamExecutionEnvironment environment(int parallelism, long checkpointMs) {
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(FlinkClusters.restarting(5, Duration.ofMillis(200)));
        env.setParallelism(parallelism);
        env.enableCheckpointing(checkpointMs);
        return env;
    }

    private static void checkJob(StreamExecutionEnvironment env, String topic, Properties properties) {
        CdcJobs.stream(env, new TDengineCdcSource<>(topic, properties, RowData.class))
                .uid("cdc")
                .map(new ArrivalCheck(1))
                .uid("check")
                .sinkTo(new DiscardingSink<>());
    }

    /**
     * A task fails once a checkpoint's offsets were committed (checkpoints 1 s apart, so no newer
     * one completes uncommitted before the failure). The failed reader restarts alone while the
     * others go on (source and check are chained per subtask): its vgroups, handed meanwhile to
     * other readers at the committed offsets, and its own restored positions, agree.
     */
    @ParameterizedTest(name = "parallelism {0}")
    @ValueSource(ints = {1, 3})
    void taskFailureMidStreamRestartsFromTheCheckpoint(int parallelism) throws Exception {
        KeyedRows rows = rows(4);
        int total = 4000;
        ArrivalLedger.FAIL_AFTER_ROWS.set(total / 2);
        StreamExecutionEnvironment env = environment(parallelism, 1000);
        checkJob(env, rows.topic(), CdcJobs.properties(TDLITE.server(), "fail_" + parallelism));
        JobClient job = env.executeAsync("cdc with a failure");
        try {
            // Rows before and after a completed checkpoint, however fast the machine: the failure
            // comes with the first row once a checkpoint's offsets are committed.
            rows.insert(0, total / 2, 50, 20);
            ArrivalLedger.awaitKeys(0, total / 2, 60);
            CdcJobs.awaitEquals(
                    1, () -> ArrivalLedger.COMPLETED_CHECKPOINTS.get() > 0 ? 1L : 0L, Duration.ofSeconds(30));
            Thread.sleep(TimeUnit.NANOSECONDS.toMillis(ArrivalLedger.COMMIT_GRACE_NANOS) + 100);
            rows.insert(total / 2, total, 50, 20);
            ArrivalLedger.awaitKeys(0, total, 60);
        } finally {
            job.cancel().get(30, TimeUnit.SECONDS);
        }
        assertTrue(ArrivalLedger.FAILED.get(), "the failure was injected");
        assertEquals(Set.of(), ArrivalLedger.BEFORE_CHECKPOINT_AGAIN, "rows the restored checkpoint covers came again");
    }

    @Test
    void anOlderSavepointIsRestoredNotTheCommittedOffsets(@TempDir Path savepoints) throws Exception {
        KeyedRows rows = rows(3);
        Properties properties = CdcJobs.properties(TDLITE.server(), "older");
        StreamExecutionEnvironment env = environment(2, 150);
        checkJob(env, rows.topic(), properties);
        StreamGraph graph = env.getStreamGraph();
        JobClient first = env.executeAsync(graph);
        String savepoint;
        try {
            rows.insert(0, 1000, 100, 10);
            ArrivalLedger.awaitKeys(0, 1000, 60);
            savepoint = first.triggerSavepoint(savepoints.toString(), SavepointFormatType.CANONICAL)
                    .get(60, TimeUnit.SECONDS);
            // Rows after the savepoint, consumed and committed by later checkpoints: the group's
            // offsets move past the savepoint, where the official connector would resume.
            rows.insert(1000, 2000, 100, 10);
            ArrivalLedger.awaitKeys(1000, 2000, 60);
            ArrivalLedger.awaitCheckpoints(ArrivalLedger.COMPLETED_CHECKPOINTS.get(), 2 * 2, 30);
        } finally {
            first.cancel().get(30, TimeUnit.SECONDS);
        }
        Set<Long> afterSavepoint = new HashSet<>();
        ArrivalLedger.COUNTS.keySet().stream().filter(k -> k >= 1000).forEach(afterSavepoint::add);
        assertEquals(1000, afterSavepoint.size());

        ArrivalLedger.reset();
        StreamExecutionEnvironment restored = environment(2, 150);
        checkJob(restored, rows.topic(), properties);
        StreamGraph restoredGraph = restored.getStreamGraph();
        restoredGraph.setSavepointRestoreSettings(SavepointRestoreSettings.forPath(savepoint));
        JobClient second = restored.executeAsync(restoredGraph);
        try {
            rows.insert(2000, 2500, 100, 10);
            ArrivalLedger.awaitKeys(1000, 2500, 60);
        } finally {
            second.cancel().get(30, TimeUnit.SECONDS);
        }
        assertEquals(
                0,
                ArrivalLedger.COUNTS.keySet().stream().filter(k -> k < 1000).count(),
                "rows before the savepoint came again");
        assertEquals(Set.of(), ArrivalLedger.BEFORE_CHECKPOINT_AGAIN);
    }
}
