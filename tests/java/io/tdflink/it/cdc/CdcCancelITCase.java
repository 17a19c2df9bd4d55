package io.tdflink.it.cdc;

import io.tdflink.cdc.TDengineCdcSource;
import io.tdflink.common.TDengineCdcParams;
import io.tdflink.testutils.CdcJobs;
import io.tdflink.testutils.FlinkClusters;
import io.tdflink.testutils.KeyedRows;
import io.tdflink.testutils.TdliteExtension;

import org.apache.flink.api.common.JobStatus;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.table.data.RowData;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Cancelling a CDC job whose readers sit in a long poll: the poll is woken, so the job ends in
 * seconds, not when the poll times out (Flink would kill a TaskManager whose task does not
 * cancel within its cancellation timeout).
 */
class CdcCancelITCase {
    @RegisterExtension
    static final TdliteExtension TDLITE = new TdliteExtension();

    @RegisterExtension
    static final MiniClusterExtension FLINK = FlinkClusters.miniCluster(2);

    /** Far longer than the cancellation may take. */
    private static final Duration POLL = Duration.ofMinutes(3);

    @Test
    void aJobInALongPollCancelsAtOnce() throws Exception {
        KeyedRows rows = new KeyedRows(TDLITE.jdbcUrl(null), "cancel", 2, 2);
        rows.insert(0, 10, 10, 0);
        Properties properties = CdcJobs.properties(TDLITE.server(), "cancel");
        properties.setProperty(TDengineCdcParams.POLL_INTERVAL_MS, Long.toString(POLL.toMillis()));
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(FlinkClusters.notRestarting());
        env.setParallelism(2);
        env.fromSource(
                        new TDengineCdcSource<>(rows.topic(), properties, RowData.class),
                        WatermarkStrategy.noWatermarks(),
                        "cdc")
                .sinkTo(new DiscardingSink<>());
        JobClient job = env.executeAsync("long-poll");
        CdcJobs.awaitEquals(1, () -> job.getJobStatus().get() == JobStatus.RUNNING ? 1L : 0L, Duration.ofSeconds(30));
        // The rows are read at once; then each reader waits in a poll of POLL.
        Thread.sleep(3000);
        job.cancel().get(30, TimeUnit.SECONDS);
        CdcJobs.awaitEquals(1, () -> job.getJobStatus().get() == JobStatus.CANCELED ? 1L : 0L, Duration.ofSeconds(30));
        assertEquals(JobStatus.CANCELED, job.getJobStatus().get());
    }
}
