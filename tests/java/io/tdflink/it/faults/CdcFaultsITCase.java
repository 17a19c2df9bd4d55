package io.tdflink.it.faults;

import io.tdflink.cdc.TDengineCdcSource;
import io.tdflink.testutils.ArrivalCheck;
import io.tdflink.testutils.ArrivalLedger;
import io.tdflink.testutils.CdcJobs;
import io.tdflink.testutils.FaultProxy;
import io.tdflink.testutils.FaultSchedule;
import io.tdflink.testutils.FlinkClusters;
import io.tdflink.testutils.KeyedRows;
import io.tdflink.testutils.ReconnectLog;
import io.tdflink.testutils.TdliteExtension;

import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.table.data.RowData;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A CDC job configured as in production (auto-reconnect, checkpoints, restarts) reads a topic
 * through a {@link FaultProxy} that resets, stalls, slows and cuts its connections every second
 * while rows are inserted directly. Every row must arrive; at-least-once allows some to arrive
 * again (counted, not failed).
 */
class CdcFaultsITCase {
    private static final Logger LOG = LoggerFactory.getLogger(CdcFaultsITCase.class);

    @RegisterExtension
    static final TdliteExtension TDLITE = new TdliteExtension();

    @RegisterExtension
    static final MiniClusterExtension FLINK = FlinkClusters.miniCluster(2);

    private static final int ROWS = 20_000;

    @Test
    void everyRowArrivesThroughFaults() throws Exception {
        ArrivalLedger.reset();
        KeyedRows rows = new KeyedRows(TDLITE.jdbcUrl(null), "cdcfaults", 2, 4);
        try (FaultProxy proxy = new FaultProxy(TDLITE.server().port());
                ReconnectLog reconnects = new ReconnectLog()) {
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(
                    FlinkClusters.restarting(100, Duration.ofMillis(200)));
            env.setParallelism(2);
            env.enableCheckpointing(500);
            CdcJobs.stream(
                            env,
                            new TDengineCdcSource<>(
                                    rows.topic(),
                                    CdcJobs.reconnectingThrough(proxy, TDLITE.server(), "faults"),
                                    RowData.class))
                    .map(new ArrivalCheck(1))
                    .sinkTo(new DiscardingSink<>());
            JobClient job = env.executeAsync("cdc through faults");
            FaultSchedule faults = FaultSchedule.start(proxy, Duration.ofSeconds(1), 17);
            try {
                // About 15 s of inserts, 100 rows every 50 ms.
                rows.insert(0, ROWS, 100, 50);
                ArrivalLedger.awaitKeys(0, ROWS, 120);
            } finally {
                faults.close();
                job.cancel().get(30, TimeUnit.SECONDS);
                LOG.info(
                        "FAULTS cdc {} reconnects={} rows={} lost={} duplicates={} before_checkpoint_again={}",
                        faults.summary(),
                        reconnects.count(proxy),
                        ROWS,
                        ArrivalLedger.missing(0, ROWS),
                        ArrivalLedger.duplicates(),
                        ArrivalLedger.BEFORE_CHECKPOINT_AGAIN.size());
            }
            assertTrue(faults.count(FaultSchedule.Kind.CUT) > 0, "every kind of fault fired: " + faults.summary());
            assertTrue(reconnects.count(proxy) > 0, "the consumers reconnected");
        }
    }
}
