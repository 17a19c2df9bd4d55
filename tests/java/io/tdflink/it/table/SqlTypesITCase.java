package io.tdflink.it.table;

import io.tdflink.common.TDengineException;
import io.tdflink.testutils.AllTypes;
import io.tdflink.testutils.FlinkClusters;
import io.tdflink.testutils.Sql;
import io.tdflink.testutils.SqlJobs;
import io.tdflink.testutils.TdliteExtension;

import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.Row;
import org.apache.flink.util.ExceptionUtils;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every TDengine type read in the declared schema at ms, µs and ns precision (unsigned widened,
 * DECIMAL, BYTES for VARBINARY/GEOMETRY, STRING for JSON, TIMESTAMP and TIMESTAMP_LTZ), written
 * back through a sink table unchanged, and declared types that would lose data refused at
 * planning with the column named.
 */
class SqlTypesITCase {
    @RegisterExtension
    static final TdliteExtension TDLITE = new TdliteExtension();

    @RegisterExtension
    static final MiniClusterExtension FLINK = FlinkClusters.miniCluster(2);

    private static final String FLINK_TYPES =
            "b BOOLEAN, i8 TINYINT, i16 SMALLINT, i32 INT, i64 BIGINT, u8 SMALLINT, u16 INT, u32 BIGINT, "
                    + "u64 DECIMAL(20, 0), f32 FLOAT, f64 DOUBLE, vc STRING, nc STRING, vb BYTES, geo BYTES, `dec` DECIMAL(20, 4), dec64 DECIMAL(10, 2), info STRING";

    @BeforeAll
    static void fixture() throws Exception {
        AllTypes.createPrecisionDatabases(TDLITE.jdbcUrl(null));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"ms", "us", "ns"})
    void everyTypeInTheDeclaredSchema(String precision) throws Exception {
        int digits = precision.equals("ms") ? 3 : precision.equals("us") ? 6 : 9;
        StreamTableEnvironment tableEnv = SqlJobs.streaming(1);
        tableEnv.executeSql(
                ddl(
                        "st",
                        "ts TIMESTAMP(" + digits + "), lts TIMESTAMP_LTZ(" + digits + "), " + FLINK_TYPES,
                        precision,
                        "'scan.query' = 'select ts, ts as lts, b, i8, i16, i32, i64, u8, u16, u32, u64, f32, f64, vc, nc, vb, geo, `dec`, dec64, info from st'"));
        List<Row> rows = SqlJobs.rows(tableEnv, "SELECT * FROM st");
        rows.sort(Comparator.comparing(r -> (LocalDateTime) r.getField("ts")));
        assertEquals(2, rows.size());
        Row full = rows.get(0);
        long unit = (long) Math.pow(10, 9 - digits);
        Instant instant = Instant.ofEpochSecond(AllTypes.EPOCH_SECOND, 123_456_789L / unit * unit);
        assertEquals(LocalDateTime.ofInstant(instant, ZoneOffset.UTC), full.getField("ts"));
        assertEquals(instant, full.getField("lts"));
        assertEquals(true, full.getField("b"));
        assertEquals((byte) -128, full.getField("i8"));
        assertEquals((short) 32767, full.getField("i16"));
        assertEquals(Integer.MIN_VALUE, full.getField("i32"));
        assertEquals(Long.MAX_VALUE, full.getField("i64"));
        assertEquals((short) 255, full.getField("u8"));
        assertEquals(65535, full.getField("u16"));
        assertEquals(4294967295L, full.getField("u32"));
        assertEquals(new BigDecimal("18446744073709551615"), full.getField("u64"));
        assertEquals(-1.5f, full.getField("f32"));
        assertEquals(1.7976931348623157e308, full.getField("f64"));
        assertEquals("it's", full.getField("vc"));
        assertEquals("涛思数据😀é", full.getField("nc"));
        assertArrayEquals(new byte[] {0x00, (byte) 0xff, 0x10}, (byte[]) full.getField("vb"));
        assertArrayEquals(AllTypes.point(1, 2), (byte[]) full.getField("geo"));
        assertEquals(new BigDecimal("-1234567890123456.7890"), full.getField("dec"));
        assertEquals(new BigDecimal("12345678.90"), full.getField("dec64"));
        assertEquals("{\"k\":\"v\",\"n\":1}", full.getField("info"));
        Row empty = rows.get(1);
        for (int i = 2; i < empty.getArity() - 1; i++) {
            assertNull(empty.getField(i), "field " + i);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"ms", "us", "ns"})
    void everyTypeWrittenBackThroughASinkTable(String precision) throws Exception {
        String db = "types_" + precision;
        String copy = "copy_" + precision;
        Sql.execute(
                TDLITE.jdbcUrl(null),
                "CREATE DATABASE IF NOT EXISTS " + copy + " PRECISION '" + precision + "'",
                "CREATE STABLE IF NOT EXISTS " + copy + ".st (" + AllTypes.ALL_TYPES + ") TAGS (info JSON)");
        int digits = precision.equals("ms") ? 3 : precision.equals("us") ? 6 : 9;
        String declared = "ts TIMESTAMP(" + digits + "), " + FLINK_TYPES + ", tbname STRING";
        StreamTableEnvironment tableEnv = SqlJobs.streaming(1);
        tableEnv.executeSql(ddl("src", declared, precision, "'table.name' = 'st'"));
        tableEnv.executeSql("CREATE TABLE dst (" + declared
                + ") WITH ('connector' = 'tdengine-connector', 'td.jdbc.mode' = 'sink', "
                + "'td.jdbc.url' = 'jdbc:TAOS-WS://localhost:" + TDLITE.server().port()
                + "', 'user' = 'root', 'password' = 'taosdata', "
                + "'timezone' = 'UTC', 'sink.db.name' = '" + copy + "', 'sink.supertable.name' = 'st')");
        tableEnv.executeSql("INSERT INTO dst SELECT * FROM src").await();
        String all =
                "select tbname, ts, b, i8, i16, i32, i64, u8, u16, u32, u64, f32, f64, vc, nc, vb, geo, `dec`, dec64, info from ";
        assertEquals(
                Sql.rows(TDLITE.jdbcUrl(db), all + "st order by ts"),
                Sql.rows(TDLITE.jdbcUrl(copy), all + "st order by ts"));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "i64 INT|i64",
                "u64 BIGINT|u64",
                "u32 INT|u32",
                "f64 FLOAT|f64",
                "vb STRING|vb",
                "`dec` DECIMAL(10, 4)|dec",
                "ts TIMESTAMP(3)|ts",
                "missing INT|missing",
            })
    void aDeclaredTypeThatWouldLoseDataIsRefusedWhenTheScanStarts(String caseSpec) {
        String[] parts = caseSpec.split("\\|");
        StreamTableEnvironment tableEnv = SqlJobs.streaming(1);
        String declared = parts[0].startsWith("ts ") ? parts[0] : "ts TIMESTAMP(6), " + parts[0];
        tableEnv.executeSql(ddl("t", declared, "us", "'table.name' = 'st'"));
        tableEnv.explainSql("SELECT * FROM t"); // planned on the declaration alone
        Exception e = assertThrows(Exception.class, () -> SqlJobs.rows(tableEnv, "SELECT * FROM t"));
        TDengineException cause = ExceptionUtils.findThrowable(e, TDengineException.class)
                .orElseThrow(() -> new AssertionError(ExceptionUtils.stringifyException(e)));
        assertEquals(0xa014, cause.getErrorCode(), cause.getMessage());
        assertTrue(cause.getMessage().contains("column " + parts[1]), cause.getMessage());
    }

    private static String ddl(String name, String columns, String precision, String source) {
        return "CREATE TABLE " + name + " (" + columns
                + ") WITH ('connector' = 'tdengine-connector', 'td.jdbc.mode' = 'source', "
                + "'td.jdbc.url' = 'jdbc:TAOS-WS://localhost:" + TDLITE.server().port() + "/types_" + precision + "', "
                + "'user' = 'root', 'password' = 'taosdata', 'timezone' = 'UTC', " + source + ")";
    }
}
