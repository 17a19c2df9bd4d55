package io.tdflink.it.faults;

import io.tdflink.cdc.TDengineCdcSource;
import io.tdflink.common.typeutils.GenericRowDataTypeInfo;
import io.tdflink.testutils.ArrivalTally;
import io.tdflink.testutils.CdcJobs;
import io.tdflink.testutils.FaultProxy;
import io.tdflink.testutils.FaultSchedule;
import io.tdflink.testutils.FlinkClusters;
import io.tdflink.testutils.KeyedRows;
import io.tdflink.testutils.MemorySampler;
import io.tdflink.testutils.Paced;
import io.tdflink.testutils.ReconnectLog;
import io.tdflink.testutils.SequenceRows;
import io.tdflink.testutils.SequenceTableCheck;
import io.tdflink.testutils.TdliteExtension;

import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.table.data.RowData;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Paths;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Soak: a sink job and a CDC job, each through its own {@link FaultProxy} firing a fault every
 * few seconds, for {@code -Dtdflink.soak.minutes} (default 2, the CI run; {@code scripts/soak.sh
 * 30} runs this for 30). Afterwards every sink row is checked in the table and every inserted
 * key against what the CDC job delivered, and the memory of the JVM (heap and RSS, sampled
 * every {@code -Dtdflink.soak.sample.seconds}, default 30) must not keep growing. Writes
 * {@code -Dtdflink.soak.report} (default target/soak/report.md) and logs one SOAK line.
 */
class SoakITCase {
    private static final Logger LOG = LoggerFactory.getLogger(SoakITCase.class);

    @RegisterExtension
    static final TdliteExtension TDLITE = new TdliteExtension();

    @RegisterExtension
    static final MiniClusterExtension FLINK = FlinkClusters.miniCluster(4);

    private static final double MINUTES = Double.parseDouble(System.getProperty("tdflink.soak.minutes", "2"));
    private static final long FAULT_EVERY_MS = Long.getLong("tdflink.soak.fault.ms", 3000);
    private static final long SAMPLE_SECONDS = Long.getLong("tdflink.soak.sample.seconds", 30);
    /** Two subtasks, each pausing 100 ms every 50 rows. */
    private static final long SINK_ROWS_PER_SECOND = 1000;

    private static final int SINK_TABLES = 10;
    /**
     * What "flat" allows once warmed up, MiB per minute. The sink moves about 1.8 MiB of batch
     * data a minute here: keeping every batch would break the heap limit if the copies are on
     * the heap; the RSS limit only catches gross native leaks, which is all a two-minute run
     * can tell from the allocator settling (the longer soak's report shows the rest).
     */
    private static final double HEAP_SLOPE_LIMIT = 1;

    private static final double RSS_SLOPE_LIMIT = 10;

    @Test
    void sinkAndCdcJobsThroughFaults() throws Exception {
        long seconds = Math.round(MINUTES * 60);
        SoakReport report = new SoakReport();
        report.minutes = MINUTES;
        report.sinkRows = SINK_ROWS_PER_SECOND * seconds;
        SequenceRows.createSupertable(TDLITE.jdbcUrl(null), "soak_sink");
        KeyedRows cdcRows = new KeyedRows(TDLITE.jdbcUrl(null), "soak_cdc", 2, 4);
        ArrivalTally.reset();
        try (FaultProxy sinkProxy = new FaultProxy(TDLITE.server().port());
                FaultProxy cdcProxy = new FaultProxy(TDLITE.server().port());
                ReconnectLog reconnects = new ReconnectLog()) {
            JobClient sink = sinkJob(sinkProxy, report.sinkRows).executeAsync("soak sink");
            JobClient cdc = cdcJob(cdcProxy).executeAsync("soak cdc");
            report.sinkFaults = FaultSchedule.start(sinkProxy, Duration.ofMillis(FAULT_EVERY_MS), 1);
            report.cdcFaults = FaultSchedule.start(cdcProxy, Duration.ofMillis(FAULT_EVERY_MS), 2);
            report.memory = new MemorySampler(SAMPLE_SECONDS);
            try {
                report.cdcRows = insertFor(cdcRows, seconds);
                sink.getJobExecutionResult().get(seconds + 600, TimeUnit.SECONDS);
                ArrivalTally.awaitKeys(0, report.cdcRows, 180);
            } finally {
                report.sinkFaults.close();
                report.cdcFaults.close();
                report.memory.close();
                cdc.cancel().get(60, TimeUnit.SECONDS);
            }
            assertEquals(JobStatus.FINISHED, sink.getJobStatus().get());
            report.sinkCheck = SequenceTableCheck.of(TDLITE.jdbcUrl(null), "soak_sink", report.sinkRows, SINK_TABLES);
            report.sinkReconnects = reconnects.count(sinkProxy);
            report.cdcLost = ArrivalTally.missing(0, report.cdcRows);
            report.cdcDuplicates = ArrivalTally.duplicates();
            report.cdcReconnects = reconnects.count(cdcProxy);
            LOG.info(report.line());
            report.write(Paths.get(System.getProperty("tdflink.soak.report", "target/soak/report.md")));

            assertEquals(
                    "rows=" + report.sinkRows + " lost=0 duplicates_left=0 wrong=0",
                    report.sinkCheck.summary(),
                    "sink table");
            assertEquals(0, report.cdcLost, "CDC rows lost");
            assertTrue(
                    report.sinkReconnects > 0 && report.cdcReconnects > 0, "both jobs reconnected: " + report.line());
            assertTrue(
                    report.memory.steadySlopePerMinute(s -> s.heapMib) < HEAP_SLOPE_LIMIT,
                    "heap keeps growing: " + report.line());
            assertTrue(
                    report.memory.steadySlopePerMinute(s -> s.rssMib) < RSS_SLOPE_LIMIT,
                    "RSS keeps growing: " + report.line());
        }
    }

    private static StreamExecutionEnvironment environment() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(
                FlinkClusters.restarting(Integer.MAX_VALUE, Duration.ofMillis(500)));
        env.setParallelism(2);
        env.enableCheckpointing(1000);
        return env;
    }

    private static StreamExecutionEnvironment sinkJob(FaultProxy proxy, long rows) throws Exception {
        StreamExecutionEnvironment env = environment();
        env.fromSequence(0, rows - 1)
                .map(new Paced<>(50, 100))
                .map(new SequenceRows(SINK_TABLES))
                .returns(GenericRowDataTypeInfo.INSTANCE)
                .sinkTo(SequenceRows.sink(proxy.jdbcUrl("soak_sink"), 1000, true, 200, 20));
        return env;
    }

    private static StreamExecutionEnvironment cdcJob(FaultProxy proxy) {
        StreamExecutionEnvironment env = environment();
        CdcJobs.stream(
                        env,
                        new TDengineCdcSource<>(
                                "soak_cdc_topic",
                                CdcJobs.reconnectingThrough(proxy, TDLITE.server(), "soak"),
                                RowData.class))
                .map(new ArrivalTally(1))
                .sinkTo(new DiscardingSink<>());
        return env;
    }

    /** Inserts batches of 100 keys, directly (not through a proxy), for {@code seconds}; returns how many keys. */
    private static long insertFor(KeyedRows rows, long seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        long keys = 0;
        while (System.nanoTime() < deadline) {
            rows.insert(keys, keys + 100, 100, 400);
            keys += 100;
        }
        return keys;
    }
}
