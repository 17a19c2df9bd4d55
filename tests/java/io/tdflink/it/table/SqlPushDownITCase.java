package io.tdflink.it.table;

import io.tdflink.testutils.FlinkClusters;
import io.tdflink.testutils.LogCapture;
import io.tdflink.testutils.PowerMeters;
import io.tdflink.testutils.SqlJobs;
import io.tdflink.testutils.TdliteExtension;

import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.Row;
import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Projections, filters and LIMIT pushed into TDengine: EXPLAIN shows them on the scan, and every
 * query gives the same rows with push-down switched off ({@code scan.filter-push-down.enabled}),
 * through {@code table.name} and through {@code scan.query}, whole and partitioned.
 */
class SqlPushDownITCase {
    @RegisterExtension
    static final TdliteExtension TDLITE = new TdliteExtension();

    @RegisterExtension
    static final MiniClusterExtension FLINK = FlinkClusters.miniCluster(3);

    private static final String COLUMNS =
            "ts TIMESTAMP(3), `current` FLOAT, voltage INT, phase FLOAT, location STRING, groupid INT, tbname STRING";

    /** Each filter form the translator handles, and some it leaves to Flink. */
    private static final String[] WHERE = {
        "voltage > 203",
        "location = 'California.SanFrancisco' and ts >= TIMESTAMP '2024-12-19 18:00:00'",
        "groupid in (1, 2) and voltage <> 204",
        "voltage between 202 and 205 or phase is null",
        "tbname = 'd1002'",
        "location like 'Cal%'",
        "ts < TIMESTAMP '2024-12-19 18:12:46' and `current` > 60",
        "phase is not null and `current` >= 50.5",
        "char_length(location) > 3 and voltage < 206",
    };

    @BeforeAll
    static void fixture() throws Exception {
        PowerMeters.create(TDLITE.jdbcUrl(null));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"table", "query", "time-partitions", "subtable-partitions", "vgroup-partitions"})
    void pushedDownResultsEqualTheUnpushed(String shape) throws Exception {
        StreamTableEnvironment tableEnv = SqlJobs.streaming(3);
        SqlJobs.execute(tableEnv, ddl("pushed", shape, true), ddl("plain", shape, false));
        for (String where : WHERE) {
            String select = "SELECT ts, voltage, location, tbname FROM {table} WHERE " + where;
            List<String> pushed = sorted(SqlJobs.rows(tableEnv, select.replace("{table}", "pushed")));
            assertEquals(sorted(SqlJobs.rows(tableEnv, select.replace("{table}", "plain"))), pushed, where);
            assertFalse(pushed.isEmpty(), "a filter that keeps nothing proves nothing: " + where);
        }
        assertEquals(
                PowerMeters.ROWS, SqlJobs.rows(tableEnv, "SELECT * FROM pushed").size());
        assertEquals(
                4, SqlJobs.rows(tableEnv, "SELECT voltage FROM pushed LIMIT 4").size());
    }

    @Test
    void explainAndTheDebugLogShowWhatWasPushed() throws Exception {
        StreamTableEnvironment tableEnv = SqlJobs.streaming(1);
        SqlJobs.execute(tableEnv, ddl("pushed", "table", true), ddl("plain", "table", false));
        String query = "SELECT ts, voltage FROM pushed WHERE voltage > 203 AND location = 'Alabama.Montgomery' LIMIT 3";
        String explained = tableEnv.explainSql(query);
        assertTrue(explained.contains("filter=["), explained);
        assertTrue(explained.contains("project=[ts, voltage"), explained);
        assertTrue(explained.contains("limit=[3]"), explained);
        String plain = tableEnv.explainSql("SELECT ts, voltage FROM plain WHERE voltage > 203");
        assertFalse(plain.matches("(?s).*filter=\\[[^\\]].*"), "nothing pushed when switched off: " + plain);
        try (LogCapture logs = LogCapture.install().withLevel("io.tdflink.source.reader", Level.DEBUG)) {
            assertEquals(3, SqlJobs.rows(tableEnv, query).size());
            String sent = logs.messages().stream()
                    .filter(m -> m.startsWith("reading "))
                    .findFirst()
                    .orElse("no SQL logged: " + logs.messages());
            assertTrue(
                    sent.contains(
                            "select `ts`, `voltage` from `meters` where (`voltage` > ?) and (`location` = ?) limit 3"),
                    sent);
            assertFalse(sent.contains("203") || sent.contains("Montgomery"), "no value becomes SQL text: " + sent);
        }
    }

    @Test
    void vgroupPartitioningReadsOnlyASupertableNamedByTableName() throws Exception {
        StreamTableEnvironment tableEnv = SqlJobs.streaming(1);
        // A split that cannot be planned fails the job when it starts; no restart would plan it.
        tableEnv.getConfig().set("restart-strategy.type", "none");
        SqlJobs.execute(
                tableEnv,
                create(
                        "by_query",
                        COLUMNS,
                        "'scan.query' = 'select * , tbname from meters', 'scan.partition.strategy' = 'vgroup', 'scan.partition.num' = '2'"),
                create(
                        "normal",
                        "ts TIMESTAMP(3), voltage INT",
                        "'dbname' = 'power_sink', 'table.name' = 'sink_normal', 'scan.partition.strategy' = 'vgroup', 'scan.partition.num' = '2'"));
        Exception query = assertThrows(Exception.class, () -> SqlJobs.rows(tableEnv, "SELECT * FROM by_query"));
        assertTrue(
                causes(query).contains("'scan.partition.strategy' = 'vgroup'")
                        && causes(query).contains("'table.name'"),
                causes(query));
        Exception normal = assertThrows(Exception.class, () -> SqlJobs.rows(tableEnv, "SELECT * FROM normal"));
        assertTrue(causes(normal).contains("`power_sink`.`sink_normal` is not a supertable"), causes(normal));
    }

    private static String causes(Throwable e) {
        StringBuilder messages = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            messages.append(t.getMessage()).append('\n');
        }
        return messages.toString();
    }

    private static String ddl(String name, String shape, boolean pushDown) {
        String source;
        switch (shape) {
            case "table":
                source = "'table.name' = 'meters'";
                break;
            case "query":
                source = "'scan.query' = 'select ts, `current`, voltage, phase, location, groupid, tbname from meters'";
                break;
            case "time-partitions":
                source = "'table.name' = 'meters', 'scan.partition.column' = 'ts', 'scan.partition.num' = '3',"
                        + " 'scan.partition.lower-bound' = '2024-12-19T17:30:00', 'scan.partition.upper-bound' = '2024-12-19T18:30:00'";
                break;
            case "vgroup-partitions":
                source = "'table.name' = 'meters', 'scan.partition.strategy' = 'vgroup', 'scan.partition.num' = '2'";
                break;
            default:
                source =
                        "'scan.query' = 'select * , tbname from meters', 'scan.partition.column' = 'tbname', 'scan.partition.num' = '2'";
        }
        return create(name, COLUMNS, "'scan.filter-push-down.enabled' = '" + pushDown + "', " + source);
    }

    private static String create(String name, String columns, String options) {
        return "CREATE TABLE " + name + " (" + columns
                + ") WITH ('connector' = 'tdengine-connector', 'td.jdbc.mode' = 'source',"
                + " 'td.jdbc.url' = 'jdbc:TAOS-WS://localhost:"
                + TDLITE.server().port() + "/power', 'user' = 'root', 'password' = 'taosdata',"
                + " 'timezone' = 'UTC', " + options + ")";
    }

    private static List<String> sorted(List<Row> rows) {
        return rows.stream().map(Row::toString).sorted().collect(Collectors.toList());
    }
}
