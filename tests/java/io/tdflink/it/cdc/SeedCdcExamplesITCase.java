package io.tdflink.it.cdc;

import io.tdflink.cdc.TDengineCdcSource;
import io.tdflink.common.TDengineCdcParams;
import io.tdflink.testutils.CdcJobs;
import io.tdflink.testutils.FlinkClusters;
import io.tdflink.testutils.PowerMeters;
import io.tdflink.testutils.TdliteExtension;
import io.tdflink.tmq.ConsumerRecord;
import io.tdflink.tmq.ConsumerRecords;

import org.apache.flink.table.data.RowData;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The official connector's CDC examples (Appendix A): the power.meters topic read whole, voltages summed. */
class SeedCdcExamplesITCase {
    @RegisterExtension
    static final TdliteExtension TDLITE = new TdliteExtension();

    @RegisterExtension
    static final MiniClusterExtension FLINK = FlinkClusters.miniCluster(3);

    private static final String TOPIC = CdcJobs.METERS_TOPIC;
    private static int groups;

    @BeforeAll
    static void fixture() throws Exception {
        CdcJobs.createPowerMeters(TDLITE.jdbcUrl(null));
    }

    private static Properties properties() {
        return CdcJobs.properties(TDLITE.server(), "seed_" + (++groups));
    }

    @ParameterizedTest(name = "parallelism {0}")
    @ValueSource(ints = {1, 3})
    void rowData(int parallelism) throws Exception {
        List<RowData> rows = CdcJobs.collect(
                new TDengineCdcSource<>(TOPIC, properties(), RowData.class), parallelism, PowerMeters.ROWS);
        assertEquals(
                PowerMeters.TOTAL_VOLTAGE,
                rows.stream().mapToInt(row -> row.getInt(2)).sum());
        assertEquals(7, rows.get(0).getArity());
    }

    @ParameterizedTest(name = "parallelism {0}")
    @ValueSource(ints = {1, 3})
    void batches(int parallelism) throws Exception {
        Properties p = properties();
        p.setProperty(TDengineCdcParams.TMQ_BATCH_MODE, "true");
        Class<ConsumerRecords<RowData>> type = CdcJobs.batches();
        int sum = 0;
        int rows = 0;
        List<ConsumerRecords<RowData>> batches = CdcJobs.collect(
                new TDengineCdcSource<>(TOPIC, p, type), parallelism, ConsumerRecords::count, PowerMeters.ROWS);
        for (ConsumerRecords<RowData> batch : batches) {
            for (ConsumerRecord<RowData> record : batch) {
                sum += record.value().getInt(2);
                rows++;
            }
        }
        assertEquals(PowerMeters.ROWS, rows);
        assertEquals(PowerMeters.TOTAL_VOLTAGE, sum);
    }
}
