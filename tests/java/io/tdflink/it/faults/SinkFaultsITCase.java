package io.tdflink.it.faults;

import io.tdflink.common.typeutils.GenericRowDataTypeInfo;
import io.tdflink.testutils.FaultProxy;
import io.tdflink.testutils.FaultSchedule;
import io.tdflink.testutils.FlinkClusters;
import io.tdflink.testutils.Paced;
import io.tdflink.testutils.ReconnectLog;
import io.tdflink.testutils.SequenceRows;
import io.tdflink.testutils.SequenceTableCheck;
import io.tdflink.testutils.TdliteExtension;

import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A sink job configured as in production (auto-reconnect, checkpoints, restarts) writes through
 * a {@link FaultProxy} that resets, stalls, slows and cuts its connections every second. The
 * table must end up holding every row exactly once by (table, ts) with its own value: a batch
 * written again after a loss is absorbed by TDengine's upsert, a lost one is missing.
 */
class SinkFaultsITCase {
    private static final Logger LOG = LoggerFactory.getLogger(SinkFaultsITCase.class);

    @RegisterExtension
    static final TdliteExtension TDLITE = new TdliteExtension();

    @RegisterExtension
    static final MiniClusterExtension FLINK = FlinkClusters.miniCluster(2);

    private static final long ROWS = 30_000;
    private static final int TABLES = 10;

    @Test
    void everyRowExactlyOnceThroughFaults() throws Exception {
        SequenceRows.createSupertable(TDLITE.jdbcUrl(null), "faults");
        try (FaultProxy proxy = new FaultProxy(TDLITE.server().port());
                ReconnectLog reconnects = new ReconnectLog()) {
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(
                    FlinkClusters.restarting(100, Duration.ofMillis(200)));
            env.setParallelism(2);
            env.enableCheckpointing(500);
            // About 15 s of input: 1000 rows per second per subtask.
            env.fromSequence(0, ROWS - 1)
                    .map(new Paced<>(100, 100))
                    .map(new SequenceRows(TABLES))
                    .returns(GenericRowDataTypeInfo.INSTANCE)
                    .sinkTo(SequenceRows.sink(proxy.jdbcUrl("faults"), 500, true, 200, 20));
            JobClient job = env.executeAsync("sink through faults");
            FaultSchedule faults = FaultSchedule.start(proxy, Duration.ofSeconds(1), 13);
            try {
                job.getJobExecutionResult().get(3, TimeUnit.MINUTES);
            } finally {
                faults.close();
            }
            assertEquals(JobStatus.FINISHED, job.getJobStatus().get());

            SequenceTableCheck check = SequenceTableCheck.of(TDLITE.jdbcUrl(null), "faults", ROWS, TABLES);
            LOG.info("FAULTS sink {} reconnects={} {}", faults.summary(), reconnects.count(proxy), check.summary());
            assertTrue(faults.count(FaultSchedule.Kind.CUT) > 0, "every kind of fault fired: " + faults.summary());
            assertTrue(reconnects.count(proxy) > 0, "the writers reconnected");
            assertEquals("rows=" + ROWS + " lost=0 duplicates_left=0 wrong=0", check.summary());
        }
    }
}
