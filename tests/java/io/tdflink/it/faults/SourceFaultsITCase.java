package io.tdflink.it.faults;

import io.tdflink.testutils.ArrivalCheck;
import io.tdflink.testutils.ArrivalLedger;
import io.tdflink.testutils.FaultProxy;
import io.tdflink.testutils.FaultSchedule;
import io.tdflink.testutils.FlinkClusters;
import io.tdflink.testutils.KeyedRows;
import io.tdflink.testutils.Paced;
import io.tdflink.testutils.SourceJobs;
import io.tdflink.testutils.TdliteExtension;

import org.apache.flink.api.common.JobStatus;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
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
 * A bounded read, configured as in production (auto-reconnect, checkpoints, restarts), through
 * a {@link FaultProxy} that resets, stalls, slows and cuts its connections. A result lost with
 * its connection fails the task and Flink reads the split again: every row must arrive, and rows
 * may arrive twice (at-least-once per split; counted, not failed).
 */
class SourceFaultsITCase {
    private static final Logger LOG = LoggerFactory.getLogger(SourceFaultsITCase.class);

    @RegisterExtension
    static final TdliteExtension TDLITE = new TdliteExtension();

    @RegisterExtension
    static final MiniClusterExtension FLINK = FlinkClusters.miniCluster(2);

    private static final int ROWS = 120_000;
    /** Splits of 8 000 rows: two result blocks, so a fault can land between fetches. */
    private static final int SPLITS = 15;

    @Test
    void everyRowArrivesThroughFaults() throws Exception {
        ArrivalLedger.reset();
        new KeyedRows(TDLITE.jdbcUrl(null), "srcfaults", 2, 8).insert(0, ROWS, 20_000, 0);
        try (FaultProxy proxy = new FaultProxy(TDLITE.server().port())) {
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(
                    FlinkClusters.restarting(100, Duration.ofMillis(200)));
            env.setParallelism(2);
            env.enableCheckpointing(500);
            // About 0.8 s per split: a split is read whole between the faults that end connections.
            env.fromSource(
                            SourceJobs.keyedRows(proxy.jdbcUrl("srcfaults"), ROWS, SPLITS, true),
                            WatermarkStrategy.noWatermarks(),
                            "tdengine")
                    .map(new Paced<>(100, 10))
                    .map(new ArrivalCheck(1))
                    .sinkTo(new DiscardingSink<>());
            JobClient job = env.executeAsync("source through faults");
            FaultSchedule faults = FaultSchedule.start(proxy, Duration.ofSeconds(1), 19);
            try {
                job.getJobExecutionResult().get(3, TimeUnit.MINUTES);
            } finally {
                faults.close();
                LOG.info(
                        "FAULTS source {} rows={} lost={} duplicates={}",
                        faults.summary(),
                        ROWS,
                        ArrivalLedger.missing(0, ROWS),
                        ArrivalLedger.duplicates());
            }
            assertEquals(JobStatus.FINISHED, job.getJobStatus().get());
            assertTrue(faults.count(FaultSchedule.Kind.CUT) > 0, "every kind of fault fired: " + faults.summary());
            assertTrue(
                    proxy.connectionsAccepted() > SPLITS + 1,
                    "faults ended connections, so splits were read again: " + faults.summary());
            assertEquals(0, ArrivalLedger.missing(0, ROWS), "rows lost");
        }
    }
}
