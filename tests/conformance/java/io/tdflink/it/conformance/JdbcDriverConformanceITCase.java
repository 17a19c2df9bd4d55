package io.tdflink.it.conformance;

import io.tdflink.testutils.AllTypes;
import io.tdflink.testutils.TdliteExtension;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * TDengine's official JDBC driver (taos-jdbcdriver, {@code jdbc:TAOS-WS://}), the driver the
 * official Flink connector uses, against tdlite: connect, DDL at every precision, inserts by
 * SQL and by PreparedStatement batches (stmt2, with subtable auto-create), every type read
 * back with the Java types the driver documents, and error codes.
 */
class JdbcDriverConformanceITCase {
    @RegisterExtension
    static final TdliteExtension TDLITE = new TdliteExtension();

    private static Connection connect(String db) throws SQLException {
        return DriverManager.getConnection(TDLITE.jdbcUrl(db));
    }

    @Test
    void everyTypeBySqlAtEveryPrecision() throws Exception {
        try (Connection conn = connect(null);
                Statement stmt = conn.createStatement()) {
            Object[][] precisions = {
                {"ms", 1_700_000_000_123L, 123_000_000},
                {"us", 1_700_000_000_123_456L, 123_456_000},
                {"ns", 1_700_000_000_123_456_789L, 123_456_789}
            };
            for (Object[] p : precisions) {
                String db = "jdbc_types_" + p[0];
                stmt.execute("CREATE DATABASE " + db + " PRECISION '" + p[0] + "'");
                stmt.execute("CREATE TABLE " + db + ".t (" + AllTypes.ALL_TYPES + ")");
                assertEquals(
                        1,
                        stmt.executeUpdate(
                                "INSERT INTO " + db + ".t VALUES (" + p[1] + ", " + AllTypes.EXTREMES + ")"));
                stmt.executeUpdate("INSERT INTO " + db + ".t (ts) VALUES (" + ((long) p[1] + 1) + ")");
                try (ResultSet rs = stmt.executeQuery("SELECT * FROM " + db + ".t ORDER BY ts")) {
                    assertTrue(rs.next());
                    Timestamp ts = rs.getTimestamp(1);
                    assertEquals(
                            Instant.ofEpochSecond(1_700_000_000L, (int) p[2]), ts.toInstant(), "precision " + p[0]);
                    assertEquals(Boolean.TRUE, rs.getObject(2));
                    assertEquals((byte) -128, rs.getObject(3));
                    assertEquals((short) 32767, rs.getObject(4));
                    assertEquals(Integer.MIN_VALUE, rs.getObject(5));
                    assertEquals(Long.MAX_VALUE, rs.getObject(6));
                    assertEquals((short) 255, rs.getObject(7));
                    assertEquals(65535, rs.getObject(8));
                    assertEquals(4294967295L, rs.getObject(9));
                    assertEquals(new BigInteger("18446744073709551615"), rs.getObject(10));
                    assertEquals(-1.5f, rs.getObject(11));
                    assertEquals(Double.MAX_VALUE, rs.getObject(12));
                    assertArrayEquals("it's".getBytes(StandardCharsets.UTF_8), (byte[]) rs.getObject(13));
                    assertEquals("涛思数据😀é", rs.getObject(14));
                    assertArrayEquals(new byte[] {0, (byte) 0xff, 0x10}, (byte[]) rs.getObject(15));
                    assertArrayEquals(AllTypes.point(1, 2), (byte[]) rs.getObject(16));
                    assertEquals(new BigDecimal("-1234567890123456.7890"), rs.getObject(17));
                    assertEquals(new BigDecimal("12345678.90"), rs.getObject(18));
                    assertEquals("TINYINT UNSIGNED", rs.getMetaData().getColumnTypeName(7));

                    assertTrue(rs.next());
                    for (int c = 2; c <= 18; c++) {
                        assertNull(rs.getObject(c), "column " + c + " at " + p[0]);
                    }
                    assertFalse(rs.next());
                }
            }
        }
    }

    @Test
    void preparedStatementBatchesCreateSubtablesWithTags() throws Exception {
        try (Connection conn = connect(null);
                Statement stmt = conn.createStatement()) {
            stmt.execute("CREATE DATABASE jdbc_stmt PRECISION 'us'");
            stmt.execute(
                    "CREATE STABLE jdbc_stmt.meters (ts TIMESTAMP, current FLOAT, voltage INT) TAGS (location NCHAR(32), groupid INT)");
            stmt.execute("USE jdbc_stmt");
            try (PreparedStatement ps =
                    conn.prepareStatement("INSERT INTO ? USING meters TAGS(?, ?) VALUES(?, ?, ?)")) {
                for (int i = 0; i < 10; i++) {
                    ps.setString(1, "d" + (i % 2));
                    ps.setNString(2, "城市" + (i % 2));
                    ps.setInt(3, i % 2);
                    ps.setTimestamp(4, Timestamp.from(Instant.ofEpochSecond(1_700_000_000L, i * 1000L)));
                    ps.setFloat(5, i);
                    ps.setInt(6, 200 + i);
                    ps.addBatch();
                }
                assertEquals(10, ps.executeBatch().length);
            }
            try (PreparedStatement ps = conn.prepareStatement(
                    "INSERT INTO jdbc_stmt.meters (tbname, ts, voltage, groupid) VALUES (?, ?, ?, ?)")) {
                ps.setString(1, "d9");
                ps.setTimestamp(2, Timestamp.from(Instant.ofEpochSecond(1_700_000_001L)));
                ps.setInt(3, 1000);
                ps.setInt(4, 9);
                ps.addBatch();
                assertEquals(1, ps.executeBatch().length);
            }
            List<String> rows = new ArrayList<>();
            try (ResultSet rs = stmt.executeQuery(
                    "SELECT tbname, ts, voltage, location, groupid FROM jdbc_stmt.meters ORDER BY tbname, ts")) {
                while (rs.next()) {
                    rows.add(new String((byte[]) rs.getObject(1), StandardCharsets.UTF_8) + ","
                            + rs.getTimestamp(2).toInstant() + "," + rs.getInt(3) + "," + rs.getString(4) + ","
                            + rs.getObject(5));
                }
            }
            assertEquals(11, rows.size(), rows.toString());
            assertEquals("d0,2023-11-14T22:13:20Z,200,城市0,0", rows.get(0));
            assertEquals("d1,2023-11-14T22:13:20.000001Z,201,城市1,1", rows.get(5));
            assertEquals("d9,2023-11-14T22:13:21Z,1000,null,9", rows.get(10));
            try (ResultSet rs = stmt.executeQuery("SELECT SUM(voltage) FROM jdbc_stmt.meters")) {
                assertTrue(rs.next());
                assertEquals(200 * 10 + 45 + 1000, rs.getLong(1));
            }
        }
    }

    @Test
    void errorsCarryTdengineCodes() throws Exception {
        try (Connection conn = connect(null);
                Statement stmt = conn.createStatement()) {
            assertTrue(conn.isValid(5), "isValid probes with SHOW CLUSTER ALIVE");
            assertCode(0x2600, assertThrows(SQLException.class, () -> stmt.execute("CREATE DATABSE nope")));
            stmt.execute("CREATE DATABASE jdbc_err");
            assertCode(
                    0x2603,
                    assertThrows(SQLException.class, () -> stmt.executeQuery("SELECT * FROM jdbc_err.nothing")));
            assertCode(0x388, assertThrows(SQLException.class, () -> stmt.execute("USE nothing_here")));
        }
        String wrongPassword = TDLITE.jdbcUrl(null).replace("password=taosdata", "password=wrong");
        assertCode(0x357, assertThrows(SQLException.class, () -> DriverManager.getConnection(wrongPassword)));
    }

    /** The driver reports server codes in the message, e.g. "(0x2603):..." or "ERROR (0x2603)". */
    private static void assertCode(int code, SQLException e) {
        String hex = "0x" + Integer.toHexString(code);
        assertTrue(e.getErrorCode() == code || e.getMessage().toLowerCase().contains(hex), hex + " expected in: " + e);
    }
}
