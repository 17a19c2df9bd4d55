package io.tdflink.it.metrics;

import io.tdflink.cdc.TDengineCdcSource;
import io.tdflink.common.metrics.TDengineMetrics;
import io.tdflink.sink.TDengineSink;
import io.tdflink.testutils.CdcJobs;
import io.tdflink.testutils.PowerMeters;
import io.tdflink.testutils.Sql;
import io.tdflink.testutils.TdliteExtension;

import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Metric;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.data.RowData;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A CDC job into a sink reports Flink's standard connector metrics and TDengine's own, read
 * here through a metric reporter (the session-cluster test reads them through REST).
 */
class ConnectorMetricsITCase {
    @RegisterExtension
    static final TdliteExtension TDLITE = new TdliteExtension();

    private static final String SOURCE = "Source: cdc";
    private static final String SINK = "sink: Writer";
    private static final InMemoryReporter REPORTER = InMemoryReporter.createWithRetainedMetrics();

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setConfiguration(REPORTER.addToConfiguration(new Configuration()))
            .setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(2)
            .build());

    @Test
    void aCdcJobIntoASinkReportsStandardAndTDengineMetrics() throws Exception {
        CdcJobs.createPowerMeters(TDLITE.jdbcUrl(null));
        Properties sink = PowerMeters.sinkProperties(TDLITE.jdbcUrl(null), "super_table_name", "sink_meters");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        env.enableCheckpointing(200);
        env.fromSource(
                        new TDengineCdcSource<>(
                                CdcJobs.METERS_TOPIC, CdcJobs.properties(TDLITE.server(), "metrics"), RowData.class),
                        WatermarkStrategy.noWatermarks(),
                        "cdc")
                .sinkTo(new TDengineSink<>(sink, PowerMeters.METER_FIELDS))
                .name("sink");
        JobClient job = env.executeAsync("metrics");
        try {
            Sql.awaitAtLeast(
                    TDLITE.jdbcUrl("power_sink"),
                    "select count(*) from sink_meters",
                    PowerMeters.ROWS,
                    Duration.ofMinutes(1));
            JobID id = job.getJobID();
            CdcJobs.awaitEquals(PowerMeters.ROWS, () -> value(id, SINK, "numRecordsSend"), Duration.ofSeconds(30));
            assertEquals(PowerMeters.ROWS, value(id, SOURCE, "numRecordsIn"));
            assertTrue(value(id, SOURCE, "numBytesIn") > 0);
            assertTrue(value(id, SINK, "numBytesSend") > 0);
            assertEquals(0, value(id, SINK, "numRecordsSendErrors"));
            for (String operator : new String[] {SOURCE, SINK}) {
                assertTrue(
                        value(id, operator, TDengineMetrics.GROUP + "." + TDengineMetrics.NATIVE_MEMORY_BYTES) > 0,
                        operator);
                assertEquals(
                        0, value(id, operator, TDengineMetrics.GROUP + "." + TDengineMetrics.RECONNECTS), operator);
            }
            CdcJobs.awaitEquals(
                    0,
                    () -> value(id, SOURCE, TDengineMetrics.GROUP + "." + TDengineMetrics.LAG),
                    Duration.ofSeconds(30));
            assertTrue(value(id, SINK, TDengineMetrics.GROUP + "." + TDengineMetrics.BATCH_ROWS) > 0);
            assertTrue(value(id, SINK, TDengineMetrics.GROUP + "." + TDengineMetrics.FLUSH_LATENCY_MS) >= 0);
        } finally {
            job.cancel().get();
        }
    }

    /** The value of {@code metric} of subtask 0 of {@code operator} (identifiers end {@code operator.0.metric}). */
    private static long value(JobID job, String operator, String metric) {
        String suffix = "." + operator + ".0." + metric;
        Map<String, Metric> found = new TreeMap<>();
        REPORTER.getMetricsByIdentifiers(job).forEach((id, m) -> {
            if (id.endsWith(suffix)) {
                found.put(id, m);
            }
        });
        assertEquals(
                1,
                found.size(),
                () -> suffix + " among " + new TreeMap<>(REPORTER.getMetricsByIdentifiers(job)).keySet());
        Metric only = found.values().iterator().next();
        return only instanceof Counter
                ? ((Counter) only).getCount()
                : ((Number) ((Gauge<?>) only).getValue()).longValue();
    }
}
