package io.tdflink.it.table;

import io.tdflink.testutils.AllTypes;
import io.tdflink.testutils.CdcJobs;
import io.tdflink.testutils.FlinkClusters;
import io.tdflink.testutils.PowerMeters;
import io.tdflink.testutils.Sql;
import io.tdflink.testutils.SqlJobs;
import io.tdflink.testutils.TdliteExtension;

import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.table.catalog.CatalogBaseTable;
import org.apache.flink.table.catalog.ObjectPath;
import org.apache.flink.table.catalog.ResolvedSchema;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code CREATE CATALOG td WITH ('type' = 'tdengine', ...)} against tdlite: browsing (databases,
 * supertables and normal tables, schemas derived from TDengine), reading and writing catalog
 * tables with no CREATE TABLE, a catalog table as a CDC source through dynamic options,
 * creating and dropping databases and tables, and credentials kept out of messages and URLs.
 */
class CatalogITCase {
    @RegisterExtension
    static final TdliteExtension TDLITE = new TdliteExtension();

    @RegisterExtension
    static final MiniClusterExtension FLINK = FlinkClusters.miniCluster(3);

    /** Columns and tags of PowerMeters' supertable, then tbname, as the catalog declares them. */
    private static final List<String> METERS_SCHEMA = Arrays.asList(
            "ts TIMESTAMP(3) NOT NULL",
            "current FLOAT",
            "voltage INT",
            "phase FLOAT",
            "location VARCHAR(64)",
            "groupid INT",
            "tbname VARCHAR(192) NOT NULL");

    @BeforeAll
    static void fixture() throws Exception {
        CdcJobs.createPowerMeters(TDLITE.jdbcUrl(null));
        AllTypes.createPrecisionDatabases(TDLITE.jdbcUrl(null));
    }

    private static String catalogDdl(String name, String extra) {
        return "CREATE CATALOG " + name + " WITH ('type' = 'tdengine', 'td.jdbc.url' = 'jdbc:TAOS-WS://localhost:"
                + TDLITE.server().port() + "'" + extra + ")";
    }

    /** A streaming environment with catalog {@code td} (credentials as options). */
    private static StreamTableEnvironment withCatalog(int parallelism) {
        StreamTableEnvironment tableEnv = SqlJobs.streaming(parallelism);
        tableEnv.executeSql(catalogDdl("td", ", 'user' = 'root', 'password' = 'taosdata'"));
        return tableEnv;
    }

    private static List<String> firstColumn(StreamTableEnvironment tableEnv, String sql) throws Exception {
        return SqlJobs.rows(tableEnv, sql).stream()
                .map(r -> String.valueOf(r.getField(0)))
                .collect(Collectors.toList());
    }

    private static List<String> columns(ResolvedSchema schema) {
        return schema.getColumns().stream()
                .map(c -> c.getName() + " " + c.getDataType().getLogicalType().asSerializableString())
                .collect(Collectors.toList());
    }

    @Test
    void databasesAndTablesAreListed() throws Exception {
        StreamTableEnvironment tableEnv = withCatalog(1);
        tableEnv.executeSql("USE CATALOG td");
        List<String> databases = firstColumn(tableEnv, "SHOW DATABASES");
        assertTrue(
                databases.containsAll(Arrays.asList("power", "power_sink", "types_ms", "types_us", "types_ns")),
                databases.toString());
        assertFalse(
                databases.contains("information_schema") || databases.contains("performance_schema"),
                databases.toString());
        assertEquals(
                Arrays.asList("meters"),
                firstColumn(tableEnv, "SHOW TABLES FROM td.`power`"),
                "supertables, never their subtables");
        assertEquals(
                Arrays.asList("sink_meters", "sink_normal"),
                firstColumn(tableEnv, "SHOW TABLES FROM td.power_sink"),
                "supertables and normal tables");
        tableEnv.executeSql("USE power_sink");
        assertEquals(Arrays.asList("sink_meters", "sink_normal"), firstColumn(tableEnv, "SHOW TABLES"));
        assertTrue(firstColumn(tableEnv, "SHOW VIEWS").isEmpty());
    }

    @Test
    void defaultDatabaseComesFromTheOptionThenTheUrl() throws Exception {
        StreamTableEnvironment tableEnv = SqlJobs.streaming(1);
        tableEnv.executeSql(catalogDdl("by_option", ", 'default-database' = 'power_sink'"));
        tableEnv.executeSql(
                "CREATE CATALOG by_url WITH ('type' = 'tdengine', 'td.jdbc.url' = 'jdbc:TAOS-WS://localhost:"
                        + TDLITE.server().port() + "/power?user=root&password=taosdata')");
        tableEnv.executeSql(catalogDdl("by_none", ""));
        assertEquals("power_sink", tableEnv.getCatalog("by_option").get().getDefaultDatabase());
        assertEquals("power", tableEnv.getCatalog("by_url").get().getDefaultDatabase());
        assertEquals("information_schema", tableEnv.getCatalog("by_none").get().getDefaultDatabase());
        tableEnv.executeSql("USE CATALOG by_url");
        assertEquals(Arrays.asList("meters"), firstColumn(tableEnv, "SHOW TABLES"));
    }

    @Test
    void supertableSchemaIsDerivedFromTDengine() throws Exception {
        StreamTableEnvironment tableEnv = withCatalog(1);
        ResolvedSchema schema = tableEnv.from("td.`power`.meters").getResolvedSchema();
        assertEquals(METERS_SCHEMA, columns(schema));
        assertEquals(Arrays.asList("tbname", "ts"), schema.getPrimaryKey().get().getColumns());
        List<Row> described = SqlJobs.rows(tableEnv, "DESCRIBE td.`power`.meters");
        assertEquals("ts", described.get(0).getField(0));
        assertEquals("PRI(tbname, ts)", described.get(0).getField(3));

        ResolvedSchema normal = tableEnv.from("td.power_sink.sink_normal").getResolvedSchema();
        assertEquals(METERS_SCHEMA.subList(0, 4), columns(normal), "a normal table has no tags and no tbname");
        assertEquals(Arrays.asList("ts"), normal.getPrimaryKey().get().getColumns());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"ms", "us", "ns"})
    void everyTypeAtEveryPrecision(String precision) {
        StreamTableEnvironment tableEnv = withCatalog(1);
        int digits = precision.equals("ms") ? 3 : precision.equals("us") ? 6 : 9;
        List<String> expected = Arrays.asList(
                "ts TIMESTAMP(" + digits + ") NOT NULL",
                "b BOOLEAN",
                "i8 TINYINT",
                "i16 SMALLINT",
                "i32 INT",
                "i64 BIGINT",
                "u8 SMALLINT",
                "u16 INT",
                "u32 BIGINT",
                "u64 DECIMAL(20, 0)",
                "f32 FLOAT",
                "f64 DOUBLE",
                "vc VARCHAR(32)",
                "nc VARCHAR(16)",
                "vb VARBINARY(16)",
                "geo VARBINARY(32)",
                "dec DECIMAL(20, 4)",
                "dec64 DECIMAL(10, 2)",
                "info VARCHAR(2147483647)",
                "tbname VARCHAR(192) NOT NULL");
        ResolvedSchema schema = tableEnv.from("td.types_" + precision + ".st").getResolvedSchema();
        assertEquals(expected, columns(schema));
        assertEquals(Arrays.asList("tbname", "ts"), schema.getPrimaryKey().get().getColumns());
    }

    @Test
    void catalogTableIsReadWithNoCreateTable() throws Exception {
        StreamTableEnvironment tableEnv = withCatalog(3);
        assertEquals(
                PowerMeters.ROWS,
                SqlJobs.rows(tableEnv, "SELECT * FROM td.`power`.meters").size());
        assertEquals(
                PowerMeters.TOTAL_VOLTAGE, voltageSum(SqlJobs.rows(tableEnv, "SELECT voltage FROM td.`power`.meters")));
        assertEquals(
                PowerMeters.D1001_VOLTAGE,
                voltageSum(SqlJobs.rows(tableEnv, "SELECT voltage FROM td.`power`.meters WHERE tbname = 'd1001'")));
    }

    @Test
    void catalogTablesAreWrittenWithNoCreateTable() throws Exception {
        PowerMeters.createSink(TDLITE.jdbcUrl(null));
        StreamTableEnvironment tableEnv = withCatalog(3);
        tableEnv.executeSql(
                        "INSERT INTO td.power_sink.sink_meters (ts, `current`, voltage, phase, location, groupid, tbname)"
                                + " SELECT ts, `current`, voltage, phase, location, groupid, tbname FROM td.`power`.meters")
                .await();
        String compared = "select tbname, ts, `current`, voltage, phase, location, groupid from ";
        assertEquals(
                Sql.rows(TDLITE.jdbcUrl("power"), compared + "meters order by tbname, ts"),
                Sql.rows(TDLITE.jdbcUrl("power_sink"), compared + "sink_meters order by tbname, ts"));

        tableEnv.executeSql(
                        "INSERT INTO td.power_sink.sink_normal SELECT ts, `current`, voltage, phase FROM td.`power`.meters WHERE tbname = 'd1001'")
                .await();
        assertEquals(
                Sql.rows(TDLITE.jdbcUrl("power"), "select ts, `current`, voltage, phase from d1001 order by ts"),
                Sql.rows(
                        TDLITE.jdbcUrl("power_sink"),
                        "select ts, `current`, voltage, phase from sink_normal order by ts"));
    }

    @Test
    void catalogTableBecomesACdcSourceThroughDynamicOptions() throws Exception {
        StreamTableEnvironment tableEnv = withCatalog(2);
        List<Row> rows = new ArrayList<>();
        // Planned on this thread (the planner's metadata is per thread), read with a deadline.
        try (CloseableIterator<Row> it = tableEnv.executeSql(
                        "SELECT * FROM td.`power`.meters /*+ OPTIONS('td.jdbc.mode' = 'cdc'," + " 'topic' = '"
                                + CdcJobs.METERS_TOPIC
                                + "', 'group.id' = 'catalog_g1', 'auto.offset.reset' = 'earliest', 'poll.interval_ms' = '100') */")
                .collect()) {
            assertTimeoutPreemptively(CdcJobs.DEADLINE, () -> {
                while (rows.size() < PowerMeters.ROWS && it.hasNext()) {
                    rows.add(it.next());
                }
            });
        }
        assertEquals(PowerMeters.ROWS, rows.size());
        assertEquals(PowerMeters.TOTAL_VOLTAGE, voltageSum(rows));
        assertEquals(
                new HashSet<>(Arrays.asList("d1001", "d1002")),
                rows.stream().map(r -> (String) r.getField("tbname")).collect(Collectors.toSet()));
    }

    @Test
    void databasesAndTablesAreCreatedAndDropped() throws Exception {
        StreamTableEnvironment tableEnv = withCatalog(1);
        String admin = TDLITE.jdbcUrl(null);
        tableEnv.executeSql("CREATE DATABASE td.made_db WITH ('precision' = 'us', 'vgroups' = '2')");
        assertEquals(
                Arrays.asList("us 2"),
                Sql.rows(
                        admin,
                        "select `precision`, vgroups from information_schema.ins_databases where name = 'made_db'"));
        assertEquals(
                "us",
                tableEnv.getCatalog("td")
                        .get()
                        .getDatabase("made_db")
                        .getProperties()
                        .get("precision"));
        tableEnv.executeSql("CREATE DATABASE IF NOT EXISTS td.made_db");

        tableEnv.executeSql(
                "CREATE TABLE td.made_db.readings (ts TIMESTAMP(6), v INT, note STRING, code VARCHAR(12), payload BYTES, amount DECIMAL(10, 2),"
                        + " ok BOOLEAN, big BIGINT, small SMALLINT, tiny TINYINT, f FLOAT, d DOUBLE, seen TIMESTAMP_LTZ(3))");
        assertEquals(
                Arrays.asList(
                        "ts TIMESTAMP 8 ",
                        "v INT 4 ",
                        "note VARCHAR 256 ",
                        "code VARCHAR 12 ",
                        "payload VARBINARY 256 ",
                        "amount DECIMAL(10, 2) 8 ",
                        "ok BOOL 1 ",
                        "big BIGINT 8 ",
                        "small SMALLINT 2 ",
                        "tiny TINYINT 1 ",
                        "f FLOAT 4 ",
                        "d DOUBLE 8 ",
                        "seen TIMESTAMP 8 "),
                Sql.rows(admin, "describe made_db.readings").stream()
                        .map(CatalogITCase::describeLine)
                        .collect(Collectors.toList()));
        assertEquals(
                Arrays.asList(
                        "ts TIMESTAMP(6) NOT NULL",
                        "v INT",
                        "note VARCHAR(256)",
                        "code VARCHAR(12)",
                        "payload VARBINARY(256)",
                        "amount DECIMAL(10, 2)",
                        "ok BOOLEAN",
                        "big BIGINT",
                        "small SMALLINT",
                        "tiny TINYINT",
                        "f FLOAT",
                        "d DOUBLE",
                        "seen TIMESTAMP(6)"),
                columns(tableEnv.from("td.made_db.readings").getResolvedSchema()),
                "created tables read back with the database's precision");

        tableEnv.executeSql(
                "CREATE TABLE td.made_db.st (ts TIMESTAMP(6), v DOUBLE, site STRING, lvl INT, tbname STRING) WITH ('tags' = 'site, lvl')");
        assertEquals(
                Arrays.asList("ts TIMESTAMP 8 ", "v DOUBLE 8 ", "site VARCHAR 256 TAG", "lvl INT 4 TAG"),
                Sql.rows(admin, "describe made_db.st").stream()
                        .map(CatalogITCase::describeLine)
                        .collect(Collectors.toList()));
        assertEquals(Arrays.asList("readings", "st"), firstColumn(tableEnv, "SHOW TABLES FROM td.made_db"));
        tableEnv.executeSql(
                        "INSERT INTO td.made_db.st VALUES (TIMESTAMP '2024-01-02 03:04:05.123456', 1.5, 'north', 3, 'room_1')")
                .await();
        assertEquals(
                Arrays.asList("room_1 1.5 north 3"),
                Sql.rows(TDLITE.jdbcUrl("made_db"), "select tbname, v, site, lvl from st"));

        tableEnv.executeSql(
                        "CREATE TABLE td.made_db.copied AS SELECT ts, voltage FROM td.`power`.meters WHERE tbname = 'd1001'")
                .await();
        assertEquals(
                Arrays.asList(String.valueOf(PowerMeters.D1001_VOLTAGE)),
                Sql.rows(TDLITE.jdbcUrl("made_db"), "select sum(voltage) from copied"));
        tableEnv.executeSql("DROP TABLE td.made_db.copied");

        Throwable notEmpty = assertThrows(Exception.class, () -> tableEnv.executeSql("DROP DATABASE td.made_db"));
        assertTrue(chain(notEmpty).contains("made_db"), chain(notEmpty));
        tableEnv.executeSql("DROP TABLE td.made_db.st");
        tableEnv.executeSql("DROP TABLE td.made_db.readings");
        tableEnv.executeSql("DROP TABLE IF EXISTS td.made_db.readings");
        assertTrue(Sql.rows(TDLITE.jdbcUrl("made_db"), "show tables").isEmpty());
        assertTrue(Sql.rows(TDLITE.jdbcUrl("made_db"), "show stables").isEmpty());
        tableEnv.executeSql("DROP DATABASE td.made_db");
        tableEnv.executeSql("USE CATALOG td");
        assertFalse(firstColumn(tableEnv, "SHOW DATABASES").contains("made_db"));
        assertTrue(Sql.rows(admin, "select name from information_schema.ins_databases where name = 'made_db'")
                .isEmpty());
    }

    /** DESCRIBE's field, type, length and note. */
    private static String describeLine(String row) {
        String[] parts = row.split(" ");
        int typeEnd = parts[1].startsWith("DECIMAL") ? 3 : 2;
        String type = String.join(" ", Arrays.asList(parts).subList(1, typeEnd));
        return parts[0] + " " + type + " " + parts[typeEnd] + " " + parts[typeEnd + 1];
    }

    @Test
    void badTablesAreRefusedWithClearMessages() throws Exception {
        StreamTableEnvironment tableEnv = withCatalog(1);
        tableEnv.executeSql("CREATE DATABASE IF NOT EXISTS td.refusals");
        Map<String, String> cases = Map.of(
                "CREATE TABLE td.refusals.t (v INT, ts TIMESTAMP(3))",
                        "the first column of a TDengine table must be its TIMESTAMP key; v is INT",
                "CREATE TABLE td.refusals.t (ts TIMESTAMP(3), d DATE)",
                        "column d has type DATE, which TDengine cannot store",
                "CREATE TABLE td.refusals.t (ts TIMESTAMP(3), v INT) WITH ('tags' = 'w')",
                        "option 'tags' names w, which is not a column",
                "CREATE TABLE td.refusals.t (ts TIMESTAMP(3), v INT) WITH ('connector' = 'x')",
                        "option 'connector' is not one of the TDengine catalog",
                "CREATE TABLE td.refusals.t (ts TIMESTAMP(3), v INT, PRIMARY KEY (v) NOT ENFORCED)",
                        "the PRIMARY KEY [v] is not TDengine's");
        for (Map.Entry<String, String> c : cases.entrySet()) {
            Throwable e = assertThrows(Exception.class, () -> tableEnv.executeSql(c.getKey()), c.getKey());
            assertTrue(chain(e).contains(c.getValue()), c.getKey() + " -> " + chain(e));
        }
        assertFalse(tableEnv.getCatalog("td").get().tableExists(new ObjectPath("refusals", "t")));
        Throwable alter =
                assertThrows(Exception.class, () -> tableEnv.executeSql("ALTER TABLE td.`power`.meters ADD extra INT"));
        assertTrue(chain(alter).contains("does not support ALTER TABLE"), chain(alter));
        tableEnv.executeSql("DROP DATABASE td.refusals");
    }

    @Test
    void credentialsStayOutOfMessagesAndUrls() throws Exception {
        StreamTableEnvironment tableEnv = SqlJobs.streaming(1);
        String secret = "wrong-Secret-4711";
        Throwable asOption = assertThrows(
                Exception.class, () -> tableEnv.executeSql(catalogDdl("bad", ", 'password' = '" + secret + "'")));
        assertTrue(
                chain(asOption)
                        .contains("cannot use TDengine at localhost:"
                                + TDLITE.server().port() + " as user root"),
                chain(asOption));
        assertFalse(chain(asOption).contains(secret), chain(asOption));
        Throwable inUrl = assertThrows(
                Exception.class,
                () -> tableEnv.executeSql(
                        "CREATE CATALOG bad2 WITH ('type' = 'tdengine', 'td.jdbc.url' = 'jdbc:TAOS-WS://localhost:"
                                + TDLITE.server().port() + "/power?user=root&password=" + secret + "')"));
        assertFalse(chain(inUrl).contains(secret), chain(inUrl));

        // Credentials given in the catalog's URL reach its tables as the options Flink masks, never in their URL.
        tableEnv.executeSql(
                "CREATE CATALOG url_creds WITH ('type' = 'tdengine', 'td.jdbc.url' = 'jdbc:TAOS-WS://localhost:"
                        + TDLITE.server().port() + "?user=root&password=taosdata&timezone=UTC')");
        CatalogBaseTable table = tableEnv.getCatalog("url_creds").get().getTable(new ObjectPath("power", "meters"));
        Map<String, String> options = table.getOptions();
        assertEquals(
                "jdbc:TAOS-WS://localhost:" + TDLITE.server().port() + "/power?timezone=UTC",
                options.get("td.jdbc.url"));
        assertFalse(options.containsKey("password"), "the catalog's factory adds it when the table is built");
        assertEquals("root", options.get("user"));
        String shown = String.valueOf(SqlJobs.rows(tableEnv, "SHOW CREATE TABLE url_creds.`power`.meters")
                .get(0)
                .getField(0));
        assertFalse(shown.contains("password") || shown.contains("taosdata") || shown.contains("&user"), shown);
        assertEquals(
                PowerMeters.ROWS,
                SqlJobs.rows(tableEnv, "SELECT * FROM url_creds.`power`.meters").size());
    }

    private static int voltageSum(List<Row> rows) {
        return rows.stream().mapToInt(r -> (Integer) r.getField("voltage")).sum();
    }

    /** Every message and stack frame of {@code e} and its causes. */
    private static String chain(Throwable e) {
        StringWriter out = new StringWriter();
        e.printStackTrace(new PrintWriter(out));
        return out.toString();
    }

    @Test
    void catalogTableOptionsNameTheTable() throws Exception {
        StreamTableEnvironment tableEnv = withCatalog(1);
        Map<String, String> meters = tableEnv.getCatalog("td")
                .get()
                .getTable(new ObjectPath("power", "meters"))
                .getOptions();
        Set<String> keys = meters.keySet();
        assertEquals(
                new HashSet<>(Arrays.asList(
                        "connector",
                        "td.jdbc.mode",
                        "td.jdbc.url",
                        "user",
                        "table.name",
                        "dbname",
                        "sink.db.name",
                        "sink.supertable.name")),
                keys);
        assertEquals("tdengine-connector", meters.get("connector"));
        assertEquals("meters", meters.get("sink.supertable.name"));
        Map<String, String> normal = tableEnv.getCatalog("td")
                .get()
                .getTable(new ObjectPath("power_sink", "sink_normal"))
                .getOptions();
        assertEquals("sink_normal", normal.get("sink.table.name"));
        assertFalse(normal.containsKey("sink.supertable.name"));
    }
}
