package io.tdflink.it.cdc;

import io.tdflink.cdc.TDengineCdcSource;
import io.tdflink.common.TDengineCdcParams;
import io.tdflink.testutils.CdcJobs;
import io.tdflink.testutils.FlinkClusters;
import io.tdflink.testutils.PowerMeters;
import io.tdflink.testutils.ResultBean;
import io.tdflink.testutils.Sql;
import io.tdflink.testutils.TdliteExtension;
import io.tdflink.tmq.ConsumerRecord;
import io.tdflink.tmq.ConsumerRecords;
import io.tdflink.tmq.TopicPartition;

import org.apache.flink.table.data.RowData;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Where a subscription starts ({@code auto.offset.reset}) and the forms its rows take: RowData,
 * a {@code ReferenceDeserializer} bean, and beans batched per poll. Every form is checked row by
 * row against what the JDBC driver reads from the table.
 */
class CdcOutputFormsITCase {
    @RegisterExtension
    static final TdliteExtension TDLITE = new TdliteExtension();

    @RegisterExtension
    static final MiniClusterExtension FLINK = FlinkClusters.miniCluster(3);

    /** A table of its own for the {@code latest} test, so its inserts do not change what the others expect. */
    private static final String LIVE_TOPIC = "topic_live";

    private static final Set<Integer> BEFORE = range(1, 5);
    private static final Set<Integer> AFTER = range(101, 105);
    private static int groups;
    private static long nextTs = 1_700_000_000_000L;

    @BeforeAll
    static void fixture() throws Exception {
        CdcJobs.createPowerMeters(TDLITE.jdbcUrl(null));
        Sql.execute(
                TDLITE.jdbcUrl(null),
                "CREATE DATABASE live VGROUPS 2",
                "CREATE TABLE live.events (ts TIMESTAMP, n INT)",
                "CREATE TOPIC " + LIVE_TOPIC + " AS SELECT ts, n FROM live.events");
    }

    /** libtaos compares the value ignoring case, so the official connector took any spelling. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"earliest", "Earliest"})
    void earliestReadsRowsInsertedBeforeTheJob(String earliest) throws Exception {
        Properties p = properties();
        p.setProperty(TDengineCdcParams.AUTO_OFFSET_RESET, earliest);
        List<RowData> rows =
                CdcJobs.collect(new TDengineCdcSource<>(CdcJobs.METERS_TOPIC, p, RowData.class), 2, PowerMeters.ROWS);
        assertEquals(
                expectedMeters(), sorted(rows.stream().map(CdcJobs::meterLine).collect(Collectors.toList())));
    }

    @Test
    void latestReadsOnlyRowsInsertedAfterTheConsumerStarted() throws Exception {
        insertLive(BEFORE);
        Properties p = properties();
        p.setProperty(TDengineCdcParams.AUTO_OFFSET_RESET, "latest");
        Set<Integer> seen = new TreeSet<>();
        try (CdcJobs.Subscription<RowData> job =
                CdcJobs.subscribe(new TDengineCdcSource<>(LIVE_TOPIC, p, RowData.class), 1)) {
            // Rows inserted before the consumer subscribed are "before" rows too, whenever the
            // job started: insert negative markers until one arrives, then the consumer is live.
            long deadline = System.nanoTime() + CdcJobs.DEADLINE.toNanos();
            RowData first;
            for (int marker = -1; (first = job.poll(Duration.ofMillis(500))) == null; marker--) {
                assertTrue(System.nanoTime() < deadline, "no marker arrived within " + CdcJobs.DEADLINE);
                insertLive(Set.of(marker));
            }
            seen.add(first.getInt(1));
            insertLive(AFTER);
            while (!seen.containsAll(AFTER)) {
                RowData row = job.poll(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
                assertNotNull(row, () -> "rows inserted after the consumer started did not all arrive: " + seen);
                seen.add(row.getInt(1));
            }
        }
        assertTrue(
                seen.stream().allMatch(n -> n < 0 || AFTER.contains(n)),
                () -> "only markers and later rows, got " + seen);
    }

    @ParameterizedTest(name = "parallelism {0}")
    @ValueSource(ints = {1, 3})
    void beansThroughAReferenceDeserializer(int parallelism) throws Exception {
        Properties p =
                CdcJobs.properties(TDLITE.server(), group(), ResultBean.ResultDeserializer.class.getName(), false);
        List<ResultBean> beans = CdcJobs.collect(
                new TDengineCdcSource<>(CdcJobs.METERS_TOPIC, p, ResultBean.class), parallelism, PowerMeters.ROWS);
        assertEquals(
                expectedMeters(),
                sorted(beans.stream().map(ResultBean::toString).collect(Collectors.toList())));
    }

    @Test
    void beanBatchesPerPoll() throws Exception {
        Properties p =
                CdcJobs.properties(TDLITE.server(), group(), ResultBean.ResultDeserializer.class.getName(), true);
        List<ConsumerRecords<ResultBean>> batches = CdcJobs.collect(
                new TDengineCdcSource<>(CdcJobs.METERS_TOPIC, p, CdcJobs.<ResultBean>batches()),
                2,
                ConsumerRecords::count,
                PowerMeters.ROWS);
        assertEquals(
                expectedMeters(),
                sorted(CdcJobs.values(batches).stream()
                        .map(ResultBean::toString)
                        .collect(Collectors.toList())));
        for (ConsumerRecords<ResultBean> batch : batches) {
            assertTrue(batch.count() > 0, "empty polls are not emitted");
            for (TopicPartition partition : batch.partitions()) {
                for (ConsumerRecord<ResultBean> record : batch.get(partition)) {
                    assertEquals(CdcJobs.METERS_TOPIC, record.getTopic());
                    assertEquals("power", record.getDbName());
                    assertEquals(partition.getVGroupId(), record.getVGroupId());
                }
            }
        }
    }

    private static List<String> expectedMeters() throws Exception {
        return sorted(Sql.rows(TDLITE.jdbcUrl(null), CdcJobs.METERS_QUERY));
    }

    private static List<String> sorted(List<String> lines) {
        List<String> out = new ArrayList<>(lines);
        out.sort(null);
        return out;
    }

    private static void insertLive(Set<Integer> values) throws Exception {
        StringBuilder insert = new StringBuilder("INSERT INTO live.events VALUES ");
        for (int n : values) {
            insert.append('(').append(nextTs++).append(", ").append(n).append(") ");
        }
        Sql.execute(TDLITE.jdbcUrl(null), insert.toString());
    }

    private static Set<Integer> range(int first, int last) {
        return IntStream.rangeClosed(first, last).boxed().collect(Collectors.toCollection(TreeSet::new));
    }

    private static String group() {
        return "forms_" + (++groups);
    }

    private static Properties properties() {
        return CdcJobs.properties(TDLITE.server(), group());
    }
}
