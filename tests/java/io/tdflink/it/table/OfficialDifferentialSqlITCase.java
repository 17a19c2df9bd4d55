package io.tdflink.it.table;

import io.tdflink.testutils.FlinkClusters;
import io.tdflink.testutils.OfficialConnector;
import io.tdflink.testutils.PowerMeters;
import io.tdflink.testutils.Sql;
import io.tdflink.testutils.SqlJobs;
import io.tdflink.testutils.TdliteExtension;

import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * The same SQL through TDengine's official connector (its own JVM) and through tdflink, where
 * the official one is correct: the official DDL (it ignores declared types, so VARBINARY for
 * text and the default TIMESTAMP precision), its options, a millisecond database.
 */
class OfficialDifferentialSqlITCase {
    @RegisterExtension
    static final TdliteExtension TDLITE = new TdliteExtension();

    @RegisterExtension
    static final MiniClusterExtension FLINK = FlinkClusters.miniCluster(2);

    private static final String COLUMNS =
            " ts TIMESTAMP, `current` FLOAT, voltage INT, phase FLOAT, location VARBINARY, groupid INT, tbname VARBINARY";

    @BeforeAll
    static void fixture() throws Exception {
        PowerMeters.create(TDLITE.jdbcUrl(null));
    }

    @Test
    void queriesGiveTheSameRows() throws Exception {
        for (String where : new String[] {"", " WHERE `current` > 90", " WHERE voltage >= 203 AND groupid = 2"}) {
            String select = "SELECT ts, `current`, voltage, phase, location, groupid, tbname FROM meters" + where;
            List<String> official = OfficialConnector.rows(sourceDdl(), select);
            StreamTableEnvironment tableEnv = SqlJobs.streaming(1);
            tableEnv.executeSql(sourceDdl());
            List<String> ours = SqlJobs.rows(tableEnv, select).stream()
                    .map(Row::toString)
                    .sorted()
                    .collect(Collectors.toList());
            assertFalse(ours.isEmpty(), select);
            assertEquals(official.stream().sorted().collect(Collectors.toList()), ours, select);
        }
    }

    @Test
    void insertsWriteTheSameRows() throws Exception {
        OfficialConnector.assumeItsSinkLoads();
        String insert =
                "INSERT INTO sink_meters SELECT ts, `current`, voltage, phase, location, groupid, tbname FROM meters";
        PowerMeters.createSink(TDLITE.jdbcUrl(null));
        OfficialConnector.rows(sourceDdl(), sinkDdl(), insert);
        String compared =
                "select tbname, ts, `current`, voltage, phase, location, groupid from sink_meters order by tbname, ts";
        List<String> official = Sql.rows(TDLITE.jdbcUrl("power_sink"), compared);
        PowerMeters.createSink(TDLITE.jdbcUrl(null));
        StreamTableEnvironment tableEnv = SqlJobs.streaming(2);
        SqlJobs.execute(tableEnv, sourceDdl(), sinkDdl());
        tableEnv.executeSql(insert).await();
        assertEquals(PowerMeters.ROWS, official.size());
        assertEquals(official, Sql.rows(TDLITE.jdbcUrl("power_sink"), compared));
    }

    private static String sourceDdl() {
        return "CREATE TABLE meters (" + COLUMNS
                + ") WITH ('connector' = 'tdengine-connector', 'td.jdbc.mode' = 'source',"
                + " 'td.jdbc.url' = 'jdbc:TAOS-WS://localhost:"
                + TDLITE.server().port() + "/power?user=root&password=taosdata',"
                + " 'scan.query' = 'SELECT ts, `current`, voltage, phase, location, groupid, tbname FROM `meters`')";
    }

    private static String sinkDdl() {
        return "CREATE TABLE sink_meters (" + COLUMNS
                + ") WITH ('connector' = 'tdengine-connector', 'td.jdbc.mode' = 'sink',"
                + " 'td.jdbc.url' = 'jdbc:TAOS-WS://localhost:"
                + TDLITE.server().port() + "/power_sink?user=root&password=taosdata',"
                + " 'sink.db.name' = 'power_sink', 'sink.supertable.name' = 'sink_meters')";
    }
}
