package io.tdflink.common.jdbc;

import io.tdflink.common.TDengineDataType;
import io.tdflink.jni.NativeBatchReader;
import io.tdflink.jni.NativeBatchWriter;
import io.tdflink.jni.NativeColumn;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLDataException;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The TMQ result set over a hand-built block: the driver's values per type, conversions, NULLs, labels, cursor. */
class BatchResultSetTest {
    private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    private static final long MICROS = 1_700_000_000_000_001L;
    private static final byte[] WKB = {1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xf0, 0x3f, 0, 0, 0, 0, 0, 0, 0, 0x40};
    private static final List<NativeColumn> SCHEMA = List.of(
            new NativeColumn("ts", TDengineDataType.TIMESTAMP, 1, 0, 8),
            NativeColumn.of("b", TDengineDataType.BOOL),
            NativeColumn.of("i8", TDengineDataType.TINYINT),
            NativeColumn.of("i16", TDengineDataType.SMALLINT),
            NativeColumn.of("i32", TDengineDataType.INT),
            NativeColumn.of("i64", TDengineDataType.BIGINT),
            NativeColumn.of("u8", TDengineDataType.TINYINT_UNSIGNED),
            NativeColumn.of("u16", TDengineDataType.SMALLINT_UNSIGNED),
            NativeColumn.of("u32", TDengineDataType.INT_UNSIGNED),
            NativeColumn.of("u64", TDengineDataType.BIGINT_UNSIGNED),
            NativeColumn.of("f32", TDengineDataType.FLOAT),
            NativeColumn.of("f64", TDengineDataType.DOUBLE),
            new NativeColumn("vc", TDengineDataType.VARCHAR, 0, 0, 32),
            new NativeColumn("NC", TDengineDataType.NCHAR, 0, 0, 16),
            new NativeColumn("vb", TDengineDataType.VARBINARY, 0, 0, 16),
            new NativeColumn("geo", TDengineDataType.GEOMETRY, 0, 0, 32),
            new NativeColumn("js", TDengineDataType.JSON, 0, 0, 4095),
            new NativeColumn("dec", TDengineDataType.DECIMAL, 20, 4, 16),
            new NativeColumn("dec64", TDengineDataType.DECIMAL64, 10, 2, 8));

    /** Row 1: extremes; row 2: every column NULL; row 3: small values that convert both ways. */
    private static NativeBatchReader batch() {
        NativeBatchWriter w = new NativeBatchWriter(SCHEMA);
        w.appendLong(0, MICROS);
        w.appendBoolean(1, true);
        w.appendByte(2, (byte) -128);
        w.appendShort(3, (short) 32767);
        w.appendInt(4, Integer.MIN_VALUE);
        w.appendLong(5, Long.MAX_VALUE);
        w.appendByte(6, (byte) 0xff);
        w.appendShort(7, (short) 0xffff);
        w.appendInt(8, 0xffffffff);
        w.appendLong(9, -1L);
        w.appendFloat(10, -1.5f);
        w.appendDouble(11, Double.MAX_VALUE);
        w.appendString(12, "it's");
        w.appendString(13, "涛思数据😀é");
        w.appendBytes(14, new byte[] {0, (byte) 0xff, 0x10});
        w.appendBytes(15, WKB);
        w.appendString(16, "{\"k\":1}");
        w.appendString(17, "-1234567890123456.7890");
        w.appendString(18, "12345678.90");
        for (int c = 0; c < SCHEMA.size(); c++) {
            w.appendNull(c);
        }
        w.appendLong(0, 0L);
        w.appendBoolean(1, false);
        w.appendByte(2, (byte) 7);
        w.appendShort(3, (short) -2);
        w.appendInt(4, 100);
        w.appendLong(5, 42L);
        w.appendByte(6, (byte) 1);
        w.appendShort(7, (short) 2);
        w.appendInt(8, 3);
        w.appendLong(9, 4L);
        w.appendFloat(10, 0.1f);
        w.appendDouble(11, 2.5);
        w.appendString(12, "TRUE");
        w.appendString(13, "12");
        w.appendBytes(14, new byte[] {1});
        w.appendBytes(15, WKB);
        w.appendString(16, "null");
        w.appendString(17, "1.9999");
        w.appendString(18, "-0.50");
        ByteBuffer buffer = ByteBuffer.allocate(w.encodedSize());
        return new NativeBatchReader(buffer, w.encodeTo(buffer));
    }

    /** Positioned on row {@code row} (1-based). */
    private static BatchResultSet at(int row) throws SQLException {
        BatchResultSet rs = new BatchResultSet(batch(), ZONE, false);
        for (int r = 0; r < row; r++) {
            assertTrue(rs.next());
        }
        return rs;
    }

    private static Timestamp timestamp(long micros) {
        return Timestamp.valueOf(LocalDateTime.ofInstant(Instant.ofEpochSecond(0, micros * 1000), ZONE));
    }

    @Test
    void getObjectReturnsTheDriversClassesAndValues() throws SQLException {
        Object[] expected = {
            timestamp(MICROS),
            true,
            (byte) -128,
            (short) 32767,
            Integer.MIN_VALUE,
            Long.MAX_VALUE,
            (short) 255,
            65535,
            4294967295L,
            new BigInteger("18446744073709551615"),
            -1.5f,
            Double.MAX_VALUE,
            "it's".getBytes(StandardCharsets.UTF_8),
            "涛思数据😀é",
            new byte[] {0, (byte) 0xff, 0x10},
            WKB,
            "{\"k\":1}".getBytes(StandardCharsets.UTF_8),
            new BigDecimal("-1234567890123456.7890"),
            new BigDecimal("12345678.90")
        };
        ResultSet rs = at(1);
        ResultSetMetaData meta = rs.getMetaData();
        assertEquals(SCHEMA.size(), meta.getColumnCount());
        for (int c = 1; c <= SCHEMA.size(); c++) {
            Object actual = rs.getObject(c);
            assertFalse(rs.wasNull());
            assertEquals(meta.getColumnClassName(c), actual.getClass().getName(), meta.getColumnName(c));
            if (expected[c - 1] instanceof byte[]) {
                assertArrayEquals((byte[]) expected[c - 1], (byte[]) actual, meta.getColumnName(c));
            } else {
                assertEquals(expected[c - 1], actual, meta.getColumnName(c));
            }
        }
        // Timestamp is zone-less: the instant is shown on the wall clock of the zone given.
        assertEquals("2023-11-15 06:13:20.000001", rs.getTimestamp("ts").toString());
    }

    @Test
    void varcharAsStringMakesGetObjectReturnText() throws SQLException {
        BatchResultSet rs = new BatchResultSet(batch(), ZONE, true);
        rs.next();
        assertEquals("it's", rs.getObject("vc"));
        assertEquals(String.class.getName(), rs.getMetaData().getColumnClassName(13));
    }

    @Test
    void typedGettersConvertAsTheDriver() throws SQLException {
        ResultSet rs = at(1);
        assertEquals("-2147483648", rs.getString("i32"));
        assertEquals("18446744073709551615", rs.getString("u64"));
        assertEquals("it's", rs.getString("vc"));
        assertEquals("true", rs.getString("b"));
        assertEquals("-1.5", rs.getString("f32"));
        assertEquals(MICROS, rs.getLong("ts"), "a TIMESTAMP reads as its ticks");
        assertEquals(-128, rs.getInt("i8"));
        assertEquals(65535L, rs.getLong("u16"));
        assertEquals(1, rs.getByte("b"));
        assertTrue(rs.getBoolean("i8"));
        assertEquals(-1.5, rs.getDouble("f32"));
        assertEquals(new BigDecimal("18446744073709551615"), rs.getBigDecimal("u64"));
        assertArrayEquals(new byte[] {(byte) 0x80, 0, 0, 0}, rs.getBytes("i32"), "integers big-endian");
        assertArrayEquals("涛思数据😀é".getBytes(StandardCharsets.UTF_8), rs.getBytes("nc"));
        assertThrows(SQLDataException.class, () -> rs.getLong("u64"));
        assertThrows(SQLDataException.class, () -> rs.getShort("i32"));
        assertThrows(SQLDataException.class, () -> rs.getByte("u8"));
        assertEquals(
                Float.POSITIVE_INFINITY, rs.getFloat("f64"), "a DOUBLE beyond FLOAT's range, cast as the driver does");
        assertThrows(SQLDataException.class, () -> rs.getBoolean("vc"), "text other than true/false");
        assertThrows(SQLDataException.class, () -> rs.getInt("nc"), "text that is no number");

        ResultSet small = at(3);
        assertEquals((double) 0.1f, small.getDouble("f32"), "a FLOAT widens exactly, as in the driver");
        assertEquals(BigDecimal.valueOf((double) 0.1f), small.getBigDecimal("f32"));
        assertEquals(0.1f, small.getFloat("f32"));
        assertEquals((short) 7, small.getShort("i8"));
        assertEquals((byte) -2, small.getByte("i16"));
        assertEquals(12, small.getInt("nc"), "text parses");
        assertTrue(small.getBoolean("vc"), "TRUE in any case");
        assertFalse(small.getBoolean("b"));
        assertFalse(small.getBoolean("ts"), "the epoch");
        assertEquals(BigDecimal.valueOf(MICROS), at(1).getBigDecimal("ts"), "ticks, as getLong");
        assertEquals(42.0f, small.getFloat("i64"));
        assertEquals(new BigDecimal("-0.50"), small.getBigDecimal("dec64"));
        assertEquals(1, small.getInt("dec"), "decimals truncate");
        assertEquals(new BigDecimal(1), small.getBigDecimal("u8"));
        assertEquals(timestamp(0), small.getTimestamp("ts"));
        assertEquals(timestamp(42), small.getTimestamp("i64"), "BIGINT as ticks of the block's timestamp precision");
        assertNull(small.getTimestamp("nc"), "text that is no timestamp reads as NULL");
        assertTrue(small.wasNull());
        assertNull(small.getTimestamp("f64"), "as does any other value");
        assertTrue(small.wasNull());
    }

    @Test
    void nullsReadAsNullZeroOrFalseAndSetWasNull() throws SQLException {
        ResultSet rs = at(2);
        for (int c = 1; c <= SCHEMA.size(); c++) {
            String name = SCHEMA.get(c - 1).name();
            assertNull(rs.getObject(c), name);
            assertTrue(rs.wasNull(), name);
            assertNull(rs.getString(c), name);
            assertNull(rs.getBigDecimal(c), name);
            assertNull(rs.getBytes(c), name);
            assertNull(rs.getTimestamp(c), name);
            assertEquals(0, rs.getLong(c), name);
            assertEquals(0, rs.getInt(c), name);
            assertEquals(0, rs.getShort(c), name);
            assertEquals(0, rs.getByte(c), name);
            assertEquals(0.0, rs.getDouble(c), name);
            assertEquals(0.0f, rs.getFloat(c), name);
            assertFalse(rs.getBoolean(c), name);
            assertTrue(rs.wasNull(), name);
        }
        rs.next();
        rs.getInt("i32");
        assertFalse(rs.wasNull(), "each read sets it afresh");
    }

    @Test
    void labelsMatchExactlyThenIgnoringCase() throws SQLException {
        ResultSet rs = at(1);
        assertEquals(14, rs.findColumn("NC"));
        assertEquals(14, rs.findColumn("nc"));
        assertEquals(5, rs.findColumn("I32"));
        assertEquals("-2147483648", rs.getString("I32"));
        SQLException e = assertThrows(SQLException.class, () -> rs.findColumn("nope"));
        assertTrue(e.getMessage().contains("nope"), e.getMessage());
        assertThrows(SQLException.class, () -> rs.getObject(0));
        assertThrows(SQLException.class, () -> rs.getObject(SCHEMA.size() + 1));
    }

    @Test
    void theCursorOnlyMovesForwardAndReadsOnlyOnARow() throws SQLException {
        BatchResultSet rs = new BatchResultSet(batch(), ZONE, false);
        assertEquals(ResultSet.TYPE_FORWARD_ONLY, rs.getType());
        assertEquals(ResultSet.CONCUR_READ_ONLY, rs.getConcurrency());
        assertThrows(SQLException.class, () -> rs.getInt(5), "before the first row");
        assertTrue(rs.next());
        assertTrue(rs.next());
        assertTrue(rs.next());
        assertFalse(rs.next());
        assertFalse(rs.next());
        assertThrows(SQLException.class, () -> rs.getInt(5), "after the last row");
        assertThrows(SQLFeatureNotSupportedException.class, rs::previous);
        assertThrows(SQLFeatureNotSupportedException.class, () -> rs.updateInt(5, 1));
        assertThrows(SQLFeatureNotSupportedException.class, () -> rs.getDate(1));
        rs.close();
        assertTrue(rs.isClosed());
        assertThrows(SQLException.class, rs::next);
    }
}
