package io.tdflink.it.table;

import io.tdflink.common.TDengineException;
import io.tdflink.testutils.CdcJobs;
import io.tdflink.testutils.FlinkClusters;
import io.tdflink.testutils.PowerMeters;
import io.tdflink.testutils.Sql;
import io.tdflink.testutils.SqlJobs;
import io.tdflink.testutils.TdliteExtension;

import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.ExplainDetail;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.ExceptionUtils;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The table options: the spellings users type from the docs, the three the official factory
 * declares but rejects, credentials that win over the URL's, and bad options refused with the
 * option named and what is allowed (and never a password).
 */
class SqlOptionsITCase {
    @RegisterExtension
    static final TdliteExtension TDLITE = new TdliteExtension();

    @RegisterExtension
    static final MiniClusterExtension FLINK = FlinkClusters.miniCluster(2);

    private static final String METERS =
            "ts TIMESTAMP(3), `current` FLOAT, voltage INT, phase FLOAT, location STRING, groupid INT, tbname STRING";

    @BeforeAll
    static void fixture() throws Exception {
        CdcJobs.createPowerMeters(TDLITE.jdbcUrl(null));
    }

    @Test
    void docSpellingsAndHostPortWork() throws Exception {
        StreamTableEnvironment tableEnv = SqlJobs.streaming(1);
        tableEnv.executeSql(table(
                "aliases", "'td.jdbc.url' = '" + url("") + "', 'database_name' = 'power', 'table-name' = 'meters'"));
        tableEnv.executeSql(table(
                "by_host",
                "'host' = 'localhost', 'port' = '" + TDLITE.server().port()
                        + "', 'dbname' = 'power', 'table.name' = 'meters'"));
        assertEquals(
                PowerMeters.ROWS,
                SqlJobs.rows(tableEnv, "SELECT * FROM aliases").size());
        assertEquals(
                PowerMeters.ROWS,
                SqlJobs.rows(tableEnv, "SELECT * FROM by_host").size());
    }

    @Test
    void theOptionsTheOfficialFactoryRejectsWork() throws Exception {
        PowerMeters.createSink(TDLITE.jdbcUrl(null));
        StreamTableEnvironment tableEnv = SqlJobs.streaming(1);
        tableEnv.executeSql(table(
                "src", "'td.jdbc.url' = '" + url("/power") + "', 'table.name' = 'meters', 'td.batch.mode' = 'true'"));
        tableEnv.executeSql(
                "CREATE TABLE dst (" + METERS + ") WITH ('connector' = 'tdengine-connector', 'td.jdbc.mode' = 'sink',"
                        + " 'td.jdbc.url' = '" + url("/power_sink")
                        + "', 'sink.supertable.name' = 'sink_meters', 'sink.parallelism' = '2',"
                        + " 'sink.batch.size' = '5', 'td.batch.mode' = 'false')");
        String plan = tableEnv.explainSql("INSERT INTO dst SELECT * FROM src", ExplainDetail.JSON_EXECUTION_PLAN);
        assertTrue(
                plan.replaceAll("\\s", "").matches("(?s).*Writer.{0,200}\"parallelism\":2.*"),
                "sink.parallelism is honoured: " + plan);
        tableEnv.executeSql("INSERT INTO dst SELECT * FROM src").await();
        assertEquals(
                PowerMeters.TOTAL_VOLTAGE,
                Sql.number(TDLITE.jdbcUrl("power_sink"), "select sum(voltage) from sink_meters"));
        tableEnv.executeSql(
                "CREATE TABLE cdc (" + METERS + ") WITH ('connector' = 'tdengine-connector', 'td.jdbc.mode' = 'cdc',"
                        + " 'bootstrap.servers' = 'localhost:" + TDLITE.server().port()
                        + "', 'topic' = 'topic_meters', 'group.id' = 'options',"
                        + " 'value.deserializer.encoding' = 'UTF-8', 'td.batch.mode' = 'true')");
        tableEnv.explainSql("SELECT * FROM cdc"); // planned: the factory took every option
    }

    @Test
    void credentialOptionsWinOverTheUrl() throws Exception {
        StreamTableEnvironment tableEnv = SqlJobs.streaming(1);
        tableEnv.executeSql(table(
                "right_password",
                "'td.jdbc.url' = 'jdbc:TAOS-WS://localhost:" + TDLITE.server().port()
                        + "/power?user=root&password=wrong-in-url', 'password' = 'taosdata', 'table.name' = 'meters'"));
        assertEquals(
                PowerMeters.ROWS,
                SqlJobs.rows(tableEnv, "SELECT * FROM right_password").size());
        StreamTableEnvironment once = StreamTableEnvironment.create(
                StreamExecutionEnvironment.getExecutionEnvironment(FlinkClusters.notRestarting()));
        once.executeSql(table(
                "wrong",
                "'td.jdbc.url' = '" + url("/power") + "', 'password' = 'S3cret-never-shown', 'table.name' = 'meters'"));
        String message = ExceptionUtils.stringifyException(
                assertThrows(Exception.class, () -> SqlJobs.rows(once, "SELECT * FROM wrong")));
        assertFalse(message.contains("S3cret-never-shown"), message);
        assertTrue(message.contains("TDengine ERROR"), message);
    }

    @Test
    void badOptionsAreRefusedNamingTheOption() {
        StreamTableEnvironment tableEnv = SqlJobs.streaming(1);
        String base = "'td.jdbc.url' = '" + url("/power") + "', 'table.name' = 'meters'";
        assertRefused(tableEnv, table("unknown_key", base + ", 'scan.qurey' = 'x'"), "scan.qurey", "scan.query");
        assertRefused(
                tableEnv,
                table("mode", base).replace("'td.jdbc.mode' = 'source'", "'td.jdbc.mode' = 'reader'"),
                "td.jdbc.mode",
                "'cdc'");
        assertRefused(
                tableEnv, table("nothing", "'td.jdbc.url' = '" + url("/power") + "'"), "scan.query", "table.name");
        assertRefused(tableEnv, table("charset", base + ", 'charset' = 'GBK'"), "charset", "UTF-8");
        assertRefused(tableEnv, table("batch", base + ", 'td.batch.mode' = 'maybe'"), "td.batch.mode", "true or false");
        assertRefused(tableEnv, table("zone", base + ", 'timezone' = 'Mars/Olympus'"), "timezone", "IANA");
        assertRefused(
                tableEnv,
                table("part", base + ", 'scan.partition.column' = 'ts', 'scan.partition.num' = '2'"),
                "scan.partition.lower-bound",
                "epoch");
        assertRefused(
                tableEnv,
                table(
                        "partnum",
                        base + ", 'scan.partition.column' = 'ts', 'scan.partition.num' = '1000000',"
                                + " 'scan.partition.lower-bound' = '0', 'scan.partition.upper-bound' = '9'"),
                "scan.partition.num",
                "100000");
        assertRefused(
                tableEnv,
                table(
                        "partcol",
                        base + ", 'scan.partition.column' = 'voltage', 'scan.partition.num' = '2',"
                                + " 'scan.partition.lower-bound' = '0', 'scan.partition.upper-bound' = '9'"),
                "scan.partition.column",
                "TIMESTAMP");
        assertRefused(
                tableEnv,
                table("strategy", base + ", 'scan.partition.strategy' = 'tablets', 'scan.partition.num' = '2'"),
                "scan.partition.strategy",
                "'vgroup'");
        assertRefused(
                tableEnv,
                table(
                        "vgcol",
                        base
                                + ", 'scan.partition.strategy' = 'vgroup', 'scan.partition.column' = 'ts', 'scan.partition.num' = '2'"),
                "scan.partition.strategy",
                "takes no 'scan.partition.column'");
        assertRefused(
                tableEnv,
                table("vgnum", base + ", 'scan.partition.strategy' = 'vgroup'"),
                "scan.partition.num",
                "'vgroup'");
        assertRefused(
                tableEnv,
                table("url", "'td.jdbc.url' = 'jdbc:mysql://h/db', 'table.name' = 'meters'"),
                "td.jdbc.url",
                "jdbc:TAOS-WS://");
        assertRefused(
                tableEnv,
                "CREATE TABLE nogroup (" + METERS
                        + ") WITH ('connector' = 'tdengine-connector', 'td.jdbc.mode' = 'cdc', 'topic' = 't')",
                "group.id",
                "consumer group");
        assertRefused(
                tableEnv,
                "CREATE TABLE notopic (" + METERS
                        + ") WITH ('connector' = 'tdengine-connector', 'td.jdbc.mode' = 'cdc', 'group.id' = 'g')",
                "topic",
                "subscribed");
    }

    @Test
    void badSinkOptionsAreRefused() {
        StreamTableEnvironment tableEnv = SqlJobs.streaming(1);
        tableEnv.executeSql("CREATE TABLE src (" + METERS + ") WITH ('connector' = 'datagen', 'number-of-rows' = '1')");
        String sink = "CREATE TABLE %s (" + METERS
                + ") WITH ('connector' = 'tdengine-connector', 'td.jdbc.mode' = 'sink', 'td.jdbc.url' = '"
                + url("/power") + "'%s)";
        tableEnv.executeSql(String.format(sink, "no_table", ""));
        assertTrue(failure(tableEnv, "INSERT INTO no_table SELECT * FROM src").contains("sink.supertable.name"));
        tableEnv.executeSql(String.format(
                sink, "bad_parallelism", ", 'sink.supertable.name' = 'meters', 'sink.parallelism' = '0'"));
        assertTrue(failure(tableEnv, "INSERT INTO bad_parallelism SELECT * FROM src")
                .contains("sink.parallelism"));
        // What needs the target's columns is checked where the writers start (planning needs no server), once: no
        // restart mends a declaration.
        tableEnv.executeSql(String.format(
                sink.replace("voltage INT", "voltage STRING"), "bad_type", ", 'sink.supertable.name' = 'meters'"));
        assertTrue(jobFailure(
                        tableEnv,
                        "INSERT INTO bad_type SELECT ts, `current`, CAST(voltage AS STRING), phase, location, groupid, tbname FROM src")
                .contains("column voltage"));
        tableEnv.executeSql(String.format(
                sink.replace("tbname STRING", "tbname STRING, PRIMARY KEY (voltage) NOT ENFORCED"),
                "bad_key",
                ", 'sink.supertable.name' = 'meters'"));
        assertTrue(jobFailure(tableEnv, "INSERT INTO bad_key SELECT * FROM src")
                .contains("must include its timestamp column ts"));
    }

    /** The failure of a job the table environment runs (its environment restarts on failures), with its TDengine code. */
    private static String jobFailure(StreamTableEnvironment tableEnv, String sql) {
        Exception e =
                assertThrows(Exception.class, () -> tableEnv.executeSql(sql).await(60, TimeUnit.SECONDS));
        assertTrue(
                ExceptionUtils.findThrowable(e, TDengineException.class).isPresent(),
                ExceptionUtils.stringifyException(e));
        return ExceptionUtils.stringifyException(e);
    }

    private static void assertRefused(StreamTableEnvironment tableEnv, String ddl, String... mentioned) {
        tableEnv.executeSql(ddl);
        String name = ddl.substring("CREATE TABLE ".length(), ddl.indexOf(' ', "CREATE TABLE ".length()));
        String message = failure(tableEnv, "SELECT * FROM " + name);
        for (String m : mentioned) {
            assertTrue(message.contains(m), "'" + m + "' in: " + message);
        }
        assertFalse(message.contains("taosdata"), message);
    }

    private static String failure(StreamTableEnvironment tableEnv, String sql) {
        Exception e = assertThrows(Exception.class, () -> tableEnv.explainSql(sql));
        return ExceptionUtils.stringifyException(e);
    }

    private static String table(String name, String options) {
        return "CREATE TABLE " + name + " (" + METERS
                + ") WITH ('connector' = 'tdengine-connector', 'td.jdbc.mode' = 'source',"
                + " 'user' = 'root', 'timezone' = 'UTC', " + options + ")";
    }

    private static String url(String database) {
        return "jdbc:TAOS-WS://localhost:" + TDLITE.server().port() + database;
    }
}
