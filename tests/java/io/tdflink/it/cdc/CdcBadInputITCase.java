package io.tdflink.it.cdc;

import io.tdflink.cdc.TDengineCdcSource;
import io.tdflink.common.TDengineCdcParams;
import io.tdflink.testutils.CdcJobs;
import io.tdflink.testutils.ErrorCodeChecks;
import io.tdflink.testutils.FlinkClusters;
import io.tdflink.testutils.PowerMeters;
import io.tdflink.testutils.TdliteExtension;

import org.apache.flink.table.data.RowData;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Bad CDC settings fail with the documented codes: when the source is built if the value alone
 * shows it, otherwise when the job runs (no restarts, 60 s at most). The caller's properties are
 * never modified (official bug 20).
 */
class CdcBadInputITCase {
    @RegisterExtension
    static final TdliteExtension TDLITE = new TdliteExtension();

    @RegisterExtension
    static final MiniClusterExtension FLINK = FlinkClusters.miniCluster(2);

    /** TDengine's longest group id (TSDB_CGROUP_LEN - 1 bytes). */
    private static final int MAX_GROUP_ID = 192;

    private static int groups;

    @BeforeAll
    static void fixture() throws Exception {
        CdcJobs.createPowerMeters(TDLITE.jdbcUrl(null));
    }

    @Test
    void aBlankTopic() {
        for (String topic : Arrays.asList(null, "", "  ")) {
            assertEquals(
                    0xa002,
                    ErrorCodeChecks.codeOf(() -> new TDengineCdcSource<>(topic, properties(), RowData.class)),
                    "topic " + topic);
        }
    }

    @Test
    void caughtWhenTheSourceIsBuilt() {
        assertEquals(0xa001, buildCode(p -> p.remove(TDengineCdcParams.GROUP_ID)));
        assertEquals(0xa001, buildCode(p -> p.setProperty(TDengineCdcParams.GROUP_ID, " ")));
        assertEquals(0xa000, buildCode(p -> p.setProperty(TDengineCdcParams.AUTO_OFFSET_RESET, "smallest")));
        assertEquals(0xa003, buildCode(p -> p.remove(TDengineCdcParams.VALUE_DESERIALIZER)));
        assertEquals(
                0xa013,
                buildCode(p -> p.setProperty(TDengineCdcParams.VALUE_DESERIALIZER, "com.example.NoSuchDeserializer")));
        assertEquals(
                0xa013, buildCode(p -> p.setProperty(TDengineCdcParams.VALUE_DESERIALIZER, String.class.getName())));
        for (String interval : List.of("0", "-100", "soon")) {
            assertEquals(0x2303, buildCode(p -> p.setProperty(TDengineCdcParams.POLL_INTERVAL_MS, interval)), interval);
        }
    }

    @Test
    void anUnknownTopicFailsTheJob() {
        assertEquals(
                0x03E1,
                ErrorCodeChecks.jobFailureCode(
                        new TDengineCdcSource<>("no_such_topic", properties(), RowData.class), 2));
    }

    @Test
    void aGroupIdOfTdenginesMaximumLengthWorks() throws Exception {
        assertReadsEveryRow("g".repeat(MAX_GROUP_ID));
    }

    /**
     * TDengine would cut a longer id to its first 192 bytes (libtaos' {@code tmq_conf_set};
     * docs/protocol.md §11.3), silently merging groups that differ only after them: the
     * source refuses it with the group id code instead.
     */
    @Test
    void aLongerGroupIdIsRefusedWhenTheConsumerOpens() {
        // The Rust consumer knows TDengine's limit; building the job needs no native library.
        Properties p = properties();
        p.setProperty(TDengineCdcParams.GROUP_ID, "h".repeat(MAX_GROUP_ID + 1));
        assertEquals(
                0xa001,
                ErrorCodeChecks.jobFailureCode(new TDengineCdcSource<>(CdcJobs.METERS_TOPIC, p, RowData.class), 1));
    }

    @Test
    void theCallersPropertiesAreLeftAlone() throws Exception {
        Properties p = properties();
        // The keys the official constructor rewrote or removed (td.connect.type, td.batch.mode, enable.auto.commit).
        p.setProperty(TDengineCdcParams.TMQ_BATCH_MODE, "false");
        p.setProperty(TDengineCdcParams.ENABLE_AUTO_COMMIT, "False");
        p.remove(TDengineCdcParams.CONNECT_TYPE);
        Properties before = new Properties();
        before.putAll(p);
        TDengineCdcSource<RowData> source = new TDengineCdcSource<>(CdcJobs.METERS_TOPIC, p, RowData.class);
        assertEquals(before, p);

        // Nor does the source see later changes: it kept a copy.
        p.remove(TDengineCdcParams.VALUE_DESERIALIZER);
        p.setProperty(TDengineCdcParams.GROUP_ID, "");
        assertEquals(
                PowerMeters.ROWS, CdcJobs.collect(source, 1, PowerMeters.ROWS).size());
    }

    private static void assertReadsEveryRow(String group) throws Exception {
        Properties p = CdcJobs.properties(TDLITE.server(), group);
        List<RowData> rows =
                CdcJobs.collect(new TDengineCdcSource<>(CdcJobs.METERS_TOPIC, p, RowData.class), 1, PowerMeters.ROWS);
        assertEquals(
                PowerMeters.TOTAL_VOLTAGE,
                rows.stream().mapToInt(row -> row.getInt(2)).sum());
    }

    private static int buildCode(Consumer<Properties> change) {
        Properties p = properties();
        change.accept(p);
        return ErrorCodeChecks.codeOf(() -> new TDengineCdcSource<>(CdcJobs.METERS_TOPIC, p, RowData.class));
    }

    private static Properties properties() {
        return CdcJobs.properties(TDLITE.server(), "bad_" + (++groups));
    }
}
