package io.tdflink.it.table;

import io.tdflink.testutils.CdcJobs;
import io.tdflink.testutils.FlinkClusters;
import io.tdflink.testutils.PowerMeters;
import io.tdflink.testutils.Sql;
import io.tdflink.testutils.SqlJobs;
import io.tdflink.testutils.TdliteExtension;

import org.apache.flink.table.api.TableResult;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * TDengine's documented Table SQL examples (Main.java {@code source_table} and
 * {@code cdc_table}), unchanged but the server address: {@code power.meters} into
 * {@code power_sink.sink_meters} through a source table and through a CDC table. The target
 * must then hold exactly the source's rows.
 */
class SeedTableExamplesITCase {
    @RegisterExtension
    static final TdliteExtension TDLITE = new TdliteExtension();

    @RegisterExtension
    static final MiniClusterExtension FLINK = FlinkClusters.miniCluster(5);

    private static final String COMPARED = "select tbname, ts, `current`, voltage, phase, location, groupid from ";
    private static final String COLUMNS =
            " ts TIMESTAMP, `current` FLOAT, voltage INT, phase FLOAT, location VARBINARY, groupid INT, tbname VARBINARY";

    @BeforeAll
    static void fixture() throws Exception {
        CdcJobs.createPowerMeters(TDLITE.jdbcUrl(null));
    }

    @BeforeEach
    void emptySink() throws Exception {
        PowerMeters.createSink(TDLITE.jdbcUrl(null));
    }

    @Test
    void sourceTableIntoSinkTable() throws Exception {
        StreamTableEnvironment tableEnv = SqlJobs.streaming(3);
        SqlJobs.execute(
                tableEnv,
                "CREATE TABLE `meters` (" + COLUMNS + ") WITH ("
                        + "  'connector' = 'tdengine-connector',"
                        + "  'td.jdbc.url' = 'jdbc:TAOS-WS://localhost:"
                        + TDLITE.server().port() + "/power?user=root&password=taosdata',"
                        + "  'td.jdbc.mode' = 'source',"
                        + "  'table.name' = 'meters',"
                        + "  'scan.query' = 'SELECT ts, `current`, voltage, phase, location, groupid, tbname FROM `meters`'"
                        + ")",
                sinkDdl());
        tableEnv.executeSql(
                        "INSERT INTO sink_meters SELECT ts, `current`, voltage, phase, location, groupid, tbname FROM `meters`")
                .await();
        assertSinkHoldsTheSource();
    }

    @Test
    void cdcTableIntoSinkTable() throws Exception {
        StreamTableEnvironment tableEnv = SqlJobs.streaming(5);
        SqlJobs.execute(
                tableEnv,
                "CREATE TABLE `meters` (" + COLUMNS + ") WITH ("
                        + "  'connector' = 'tdengine-connector',"
                        + "  'bootstrap.servers' = 'localhost:"
                        + TDLITE.server().port() + "',"
                        + "  'td.jdbc.mode' = 'cdc',"
                        + "  'group.id' = 'group_22',"
                        + "  'auto.offset.reset' = 'earliest',"
                        + "  'enable.auto.commit' = 'false',"
                        + "  'topic' = 'topic_meters'"
                        + ")",
                sinkDdl());
        TableResult job = tableEnv.executeSql(
                "INSERT INTO sink_meters SELECT ts, `current`, voltage, phase, location, groupid, tbname FROM `meters`");
        try {
            CdcJobs.awaitEquals(
                    PowerMeters.TOTAL_VOLTAGE,
                    () -> Sql.numberOrNull(TDLITE.jdbcUrl("power_sink"), "select sum(voltage) from sink_meters"),
                    CdcJobs.DEADLINE);
        } finally {
            job.getJobClient().get().cancel().get();
        }
        assertSinkHoldsTheSource();
    }

    private static String sinkDdl() {
        return "CREATE TABLE `sink_meters` (" + COLUMNS + ") WITH ("
                + "  'connector' = 'tdengine-connector',"
                + "  'td.jdbc.mode' = 'sink',"
                + "  'td.jdbc.url' = 'jdbc:TAOS-WS://localhost:"
                + TDLITE.server().port() + "/power_sink?user=root&password=taosdata',"
                + "  'sink.db.name' = 'power_sink',"
                + "  'sink.supertable.name' = 'sink_meters'"
                + ")";
    }

    private static void assertSinkHoldsTheSource() throws Exception {
        assertEquals(
                Sql.rows(TDLITE.jdbcUrl("power"), COMPARED + "meters order by tbname, ts"),
                Sql.rows(TDLITE.jdbcUrl("power_sink"), COMPARED + "sink_meters order by tbname, ts"));
    }
}
