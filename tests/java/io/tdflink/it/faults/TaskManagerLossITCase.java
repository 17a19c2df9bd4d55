package io.tdflink.it.faults;

import io.tdflink.cdc.TDengineCdcSource;
import io.tdflink.common.typeutils.GenericRowDataTypeInfo;
import io.tdflink.testutils.ArrivalCheck;
import io.tdflink.testutils.ArrivalLedger;
import io.tdflink.testutils.CdcJobs;
import io.tdflink.testutils.FlinkClusters;
import io.tdflink.testutils.KeyedRows;
import io.tdflink.testutils.Paced;
import io.tdflink.testutils.SequenceRows;
import io.tdflink.testutils.SequenceTableCheck;
import io.tdflink.testutils.Sql;
import io.tdflink.testutils.TdliteExtension;

import org.apache.flink.api.common.JobID;
import org.apache.flink.runtime.executiongraph.AccessExecutionGraph;
import org.apache.flink.runtime.executiongraph.AccessExecutionVertex;
import org.apache.flink.runtime.jobmaster.JobResult;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.table.data.RowData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A TaskManager is taken away mid-job (MiniCluster#terminateTaskManager: its tasks fail, in the
 * same JVM, so this approximates a crashed TaskManager process without killing one) and a new
 * one joins; the job recovers from its last checkpoint. The sink must still hold every row
 * exactly once; the CDC job must still deliver every row.
 */
class TaskManagerLossITCase {
    private static final Logger LOG = LoggerFactory.getLogger(TaskManagerLossITCase.class);

    @RegisterExtension
    static final TdliteExtension TDLITE = new TdliteExtension();

    private static final int PARALLELISM = 4;
    private static MiniCluster cluster;
    /** MiniCluster keeps terminated TaskManagers in its list: the oldest live one has this index. */
    private static int oldestTaskManager;

    @BeforeAll
    static void startCluster() throws Exception {
        // Two TaskManagers of two slots: a job at parallelism 4 runs on both.
        cluster = FlinkClusters.started(2, PARALLELISM / 2);
    }

    @AfterAll
    static void stopCluster() throws Exception {
        cluster.close();
    }

    @Test
    void theSinkWritesEveryRowOnceAfterATaskManagerIsLost() throws Exception {
        long rows = 40_000;
        int tables = 10;
        SequenceRows.createSupertable(TDLITE.jdbcUrl(null), "tmloss");
        String url = TDLITE.jdbcUrl("tmloss");
        StreamExecutionEnvironment env = environment();
        // About 5 s of input.
        env.fromSequence(0, rows - 1)
                .map(new Paced<>(200, 100))
                .map(new SequenceRows(tables))
                .returns(GenericRowDataTypeInfo.INSTANCE)
                .sinkTo(SequenceRows.sink(url, 500, true, 200, 20));
        JobID job = env.executeAsync().getJobID();

        Sql.awaitAtLeast(url, "select count(*) from m", rows / 4, Duration.ofMinutes(1));
        loseATaskManager();
        JobResult result = cluster.requestJobResult(job).get(3, TimeUnit.MINUTES);
        assertTrue(result.isSuccess(), () -> "the job failed: " + result.getSerializedThrowable());

        SequenceTableCheck check = SequenceTableCheck.of(url, "tmloss", rows, tables);
        LOG.info(
                "FAULTS taskmanager-loss-sink taskmanagers_lost=1 restarted_tasks={} {}",
                restartedTasks(cluster.getArchivedExecutionGraph(job).get()),
                check.summary());
        assertTrue(restartedTasks(cluster.getArchivedExecutionGraph(job).get()) > 0, "tasks were restarted");
        assertEquals("rows=" + rows + " lost=0 duplicates_left=0 wrong=0", check.summary());
    }

    @Test
    void theCdcSourceDeliversEveryRowAfterATaskManagerIsLost() throws Exception {
        ArrivalLedger.reset();
        int rows = 4000;
        KeyedRows keyed = new KeyedRows(TDLITE.jdbcUrl(null), "tmcdc", PARALLELISM, 8);
        StreamExecutionEnvironment env = environment();
        CdcJobs.stream(
                        env,
                        new TDengineCdcSource<>(
                                keyed.topic(), CdcJobs.properties(TDLITE.server(), "tmloss"), RowData.class))
                .map(new ArrivalCheck(1))
                .sinkTo(new DiscardingSink<>());
        JobID job = env.executeAsync().getJobID();
        try {
            keyed.insert(0, rows / 2, 50, 20);
            ArrivalLedger.awaitKeys(0, rows / 2, 60);
            loseATaskManager();
            keyed.insert(rows / 2, rows, 50, 20);
            ArrivalLedger.awaitKeys(0, rows, 90);
            long restarted = restartedTasks(cluster.getExecutionGraph(job).get());
            LOG.info(
                    "FAULTS taskmanager-loss-cdc taskmanagers_lost=1 restarted_tasks={} rows={} lost={} duplicates={} before_checkpoint_again={}",
                    restarted,
                    rows,
                    ArrivalLedger.missing(0, rows),
                    ArrivalLedger.duplicates(),
                    ArrivalLedger.BEFORE_CHECKPOINT_AGAIN.size());
            assertTrue(restarted > 0, "tasks were restarted");
        } finally {
            cluster.cancelJob(job).get(30, TimeUnit.SECONDS);
        }
    }

    /** Production-like: checkpoints and restarts, at a parallelism that spans both TaskManagers. */
    private static StreamExecutionEnvironment environment() throws Exception {
        StreamExecutionEnvironment env =
                FlinkClusters.environmentOn(cluster, FlinkClusters.restarting(20, Duration.ofMillis(500)));
        env.setParallelism(PARALLELISM);
        env.enableCheckpointing(200);
        return env;
    }

    /** Terminates the oldest live TaskManager and starts a new one in its place. */
    private static void loseATaskManager() throws Exception {
        cluster.terminateTaskManager(oldestTaskManager++).get(30, TimeUnit.SECONDS);
        cluster.startTaskManager();
    }

    private static long restartedTasks(AccessExecutionGraph graph) {
        long restarted = 0;
        for (AccessExecutionVertex vertex : graph.getAllExecutionVertices()) {
            restarted += vertex.getCurrentExecutionAttempt().getAttemptNumber() > 0 ? 1 : 0;
        }
        return restarted;
    }
}
