package io.tdflink.source.reader;

import io.tdflink.common.TDengineDataType;
import io.tdflink.jni.NativeBatchReader;
import io.tdflink.jni.NativeBatchWriter;
import io.tdflink.jni.NativeColumn;

import org.apache.flink.table.data.DecimalData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BatchRowDataConverterTest {
    private static final List<NativeColumn> SCHEMA = List.of(
            new NativeColumn("ts_ms", TDengineDataType.TIMESTAMP, 0, 0, 8),
            new NativeColumn("ts_ns", TDengineDataType.TIMESTAMP, 2, 0, 8),
            NativeColumn.of("u8", TDengineDataType.TINYINT_UNSIGNED),
            NativeColumn.of("u16", TDengineDataType.SMALLINT_UNSIGNED),
            NativeColumn.of("u32", TDengineDataType.INT_UNSIGNED),
            NativeColumn.of("u64", TDengineDataType.BIGINT_UNSIGNED),
            new NativeColumn("dec", TDengineDataType.DECIMAL, 20, 4, 16),
            new NativeColumn("nc", TDengineDataType.NCHAR, 0, 0, 16),
            new NativeColumn("js", TDengineDataType.JSON, 0, 0, 4095),
            new NativeColumn("geo", TDengineDataType.GEOMETRY, 0, 0, 64),
            NativeColumn.of("b", TDengineDataType.BOOL));

    private static NativeBatchReader batch() {
        NativeBatchWriter w = new NativeBatchWriter(SCHEMA);
        w.appendLong(0, 1_700_000_000_123L);
        w.appendLong(1, -1L); // one nanosecond before the epoch
        w.appendByte(2, (byte) 0xff);
        w.appendShort(3, (short) 0xffff);
        w.appendInt(4, 0xffffffff);
        w.appendLong(5, -1L);
        w.appendString(6, "-1234567890123456.7890");
        w.appendString(7, "涛思😀");
        w.appendString(8, "{\"k\":1}");
        w.appendBytes(9, new byte[] {1, 1, 0, 0, 0});
        w.appendBoolean(10, true);
        for (int c = 0; c < SCHEMA.size(); c++) {
            w.appendNull(c);
        }
        ByteBuffer buffer = ByteBuffer.allocate(w.encodedSize());
        return new NativeBatchReader(buffer, w.encodeTo(buffer));
    }

    @Test
    void everyTypeMapsWithoutLossAndUnsignedValuesStayPositive() {
        RowData row = new BatchRowDataConverter(ZoneOffset.UTC).convert(batch(), 0);
        assertEquals(
                TimestampData.fromLocalDateTime(LocalDateTime.parse("2023-11-14T22:13:20.123")),
                row.getTimestamp(0, 3));
        assertEquals(
                TimestampData.fromLocalDateTime(LocalDateTime.parse("1969-12-31T23:59:59.999999999")),
                row.getTimestamp(1, 9));
        assertEquals((short) 255, row.getShort(2));
        assertEquals(65535, row.getInt(3));
        assertEquals(4294967295L, row.getLong(4));
        assertEquals(
                new BigDecimal("18446744073709551615"), row.getDecimal(5, 20, 0).toBigDecimal());
        assertEquals(
                DecimalData.fromBigDecimal(new BigDecimal("-1234567890123456.7890"), 20, 4), row.getDecimal(6, 20, 4));
        assertEquals(StringData.fromString("涛思😀"), row.getString(7));
        assertEquals("{\"k\":1}", row.getString(8).toString());
        assertArrayEquals(new byte[] {1, 1, 0, 0, 0}, row.getBinary(9));
        // As the official connector's binary rows: text and bytes answer both getters, timestamps any precision.
        assertArrayEquals("涛思😀".getBytes(StandardCharsets.UTF_8), row.getBinary(7));
        assertArrayEquals(new byte[] {1, 1, 0, 0, 0}, row.getString(9).toBytes());
        assertEquals(row.getTimestamp(1, 9), row.getTimestamp(1, 0));
        assertTrue(row.getBoolean(10));
    }

    @Test
    void nullsStayNull() {
        RowData row = new BatchRowDataConverter(ZoneOffset.UTC).convert(batch(), 1);
        for (int c = 0; c < SCHEMA.size(); c++) {
            assertTrue(row.isNullAt(c), "column " + c);
        }
    }

    @Test
    void timestampsAreWallClockTimesOfTheConfiguredZone() {
        NativeBatchReader batch = batch();
        RowData utc = new BatchRowDataConverter(ZoneId.of("UTC")).convert(batch, 0);
        RowData shanghai = new BatchRowDataConverter(ZoneId.of("Asia/Shanghai")).convert(batch, 0);
        RowData newYork = new BatchRowDataConverter(ZoneId.of("America/New_York")).convert(batch, 0);
        assertEquals(
                LocalDateTime.parse("2023-11-14T22:13:20.123"),
                utc.getTimestamp(0, 3).toLocalDateTime());
        assertEquals(
                LocalDateTime.parse("2023-11-15T06:13:20.123"),
                shanghai.getTimestamp(0, 3).toLocalDateTime());
        assertEquals(
                LocalDateTime.parse("2023-11-14T17:13:20.123"),
                newYork.getTimestamp(0, 3).toLocalDateTime());
    }
}
