package io.tdflink.sink.writer;

import io.tdflink.common.TDengineException;
import io.tdflink.jni.NativeBatchReader;
import io.tdflink.sink.entity.DataType;
import io.tdflink.sink.entity.SinkMetaInfo;
import io.tdflink.sink.entity.TDengineSinkRecord;

import org.apache.flink.table.data.DecimalData;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.data.binary.BinaryRowData;
import org.apache.flink.table.data.utils.JoinedRowData;
import org.apache.flink.table.data.writer.BinaryRowWriter;
import org.apache.flink.types.RowKind;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SinkBatchBuilderTest {
    private static final List<SinkMetaInfo> FIELDS = Arrays.asList(
            field(false, DataType.DATA_TYPE_VARCHAR, "tbname", 192),
            field(false, DataType.DATA_TYPE_TIMESTAMP, "ts", 8),
            field(false, DataType.DATA_TYPE_UTINYINT, "u8", 1),
            field(false, DataType.DATA_TYPE_INT, "v", 4),
            field(false, DataType.DATA_TYPE_NCHAR, "name", 4),
            decimal(),
            field(true, DataType.DATA_TYPE_VARCHAR, "location", 8));
    private static final LocalDateTime WALL = LocalDateTime.of(2024, 12, 19, 17, 12, 45, 123_456_789);

    @Test
    void rowsOfEveryKindBecomeOneColumnarBatch() {
        SinkBatchBuilder builder = new SinkBatchBuilder("power.meters", FIELDS, 1, 0, ZoneId.of("Asia/Shanghai"), null);
        assertTrue(builder.add(row(RowKind.INSERT, 200, 7)));
        assertFalse(builder.add(row(RowKind.UPDATE_BEFORE, 1, 1)), "UPDATE_BEFORE is not written");
        assertTrue(builder.add(binaryRow()));
        assertTrue(builder.add(new JoinedRowData(
                RowKind.INSERT,
                GenericRowData.of(StringData.fromString("d3"), TimestampData.fromLocalDateTime(WALL)),
                GenericRowData.of(
                        (short) 1,
                        2,
                        StringData.fromString("j"),
                        DecimalData.fromBigDecimal(BigDecimal.ONE, 10, 2),
                        null))));
        assertTrue(builder.add(new TDengineSinkRecord(
                Arrays.asList("d2", Timestamp.valueOf(WALL), (short) 255, 9L, "涛思数据", new BigDecimal("-1.5"), "x"),
                RowKind.DELETE)));
        NativeBatchReader batch = encode(builder);
        assertEquals(4, batch.rowCount());
        assertEquals(SinkBatchBuilder.OP_WRITE, batch.getByte(0, 0));
        assertEquals(SinkBatchBuilder.OP_DELETE, batch.getByte(0, 3));
        assertEquals("d3", batch.getString(1, 2), "JoinedRowData read through its getters");
        assertEquals(2, batch.getInt(4, 2));
        long nanos = WALL.toInstant(ZoneOffset.ofHours(8)).getEpochSecond() * 1_000_000_000L + 123_456_789;
        assertEquals(nanos, batch.getLong(2, 0), "wall clock read in the zone, sent as ns");
        assertEquals(2, batch.schema().get(2).precision());
        assertEquals((byte) 200, batch.getByte(3, 0), "TINYINT UNSIGNED 200");
        assertEquals(9, batch.getInt(4, 3), "a Long that fits an INT");
        assertEquals("12.30", batch.getString(6, 0));
        assertEquals("-1.50", new BigDecimal(batch.getString(6, 3)).setScale(2).toPlainString());
        assertEquals("d1", batch.getString(1, 1));
        assertTrue(batch.isNull(7, 1), "NULL tag");
    }

    @Test
    void badValuesAreCodedErrorsNamingTableColumnAndValueAndLeaveNoPartialRow() {
        SinkBatchBuilder builder = new SinkBatchBuilder("power.meters", FIELDS, 1, 0, ZoneOffset.UTC, null);
        assertTrue(builder.add(row(RowKind.INSERT, 1, 1)));
        assertError("column u8: value '256' is out of range", () -> builder.add(row(RowKind.INSERT, 256, 1)));
        assertError("column u8: value '-1' is out of range", () -> builder.add(row(RowKind.INSERT, -1, 1)));
        GenericRowData tooLong = row(RowKind.INSERT, 1, 1);
        tooLong.setField(4, StringData.fromString("12345"));
        assertError("column name: value '12345' is longer than NCHAR(4)", () -> builder.add(tooLong));
        GenericRowData noTs = row(RowKind.INSERT, 1, 1);
        noTs.setField(1, null);
        assertError("column ts: value NULL is not allowed", () -> builder.add(noTs));
        GenericRowData wrongType = row(RowKind.INSERT, 1, 1);
        wrongType.setField(3, StringData.fromString("abc"));
        assertError("column v: value 'abc' cannot be written as INT", () -> builder.add(wrongType));
        assertError("the row has 2 fields but the sink has 7", () -> builder.add(GenericRowData.of(1, 2)));
        assertEquals(1, builder.rowCount());
        assertEquals(1, encode(builder).rowCount(), "rejected rows left nothing behind");
    }

    private static void assertError(String part, Runnable add) {
        TDengineException e = assertThrows(TDengineException.class, add::run);
        assertEquals(0x2303, e.getErrorCode());
        assertTrue(
                e.getMessage().contains("table power.meters") && e.getMessage().contains(part), e.getMessage());
    }

    private static NativeBatchReader encode(SinkBatchBuilder builder) {
        ByteBuffer buffer = ByteBuffer.allocateDirect(builder.encodedSize());
        return new NativeBatchReader(buffer, builder.encodeTo(buffer));
    }

    private static GenericRowData row(RowKind kind, int u8, long v) {
        GenericRowData row = GenericRowData.ofKind(
                kind,
                StringData.fromString("d1"),
                TimestampData.fromLocalDateTime(WALL),
                (short) u8,
                (int) v,
                StringData.fromString("abcd"),
                DecimalData.fromBigDecimal(new BigDecimal("12.30"), 10, 2),
                StringData.fromString("SF"));
        return row;
    }

    private static BinaryRowData binaryRow() {
        BinaryRowData row = new BinaryRowData(7);
        BinaryRowWriter writer = new BinaryRowWriter(row);
        writer.writeString(0, StringData.fromString("d1"));
        writer.writeTimestamp(1, TimestampData.fromLocalDateTime(WALL), 9);
        writer.writeShort(2, (short) 3);
        writer.writeInt(3, 4);
        writer.writeString(4, StringData.fromString("ab"));
        writer.writeDecimal(5, DecimalData.fromBigDecimal(new BigDecimal("1.00"), 10, 2), 10);
        writer.setNullAt(6);
        writer.complete();
        return row;
    }

    private static SinkMetaInfo field(boolean tag, DataType type, String name, int length) {
        return new SinkMetaInfo(tag, type, name, length);
    }

    private static SinkMetaInfo decimal() {
        SinkMetaInfo dec = new SinkMetaInfo(false, DataType.DATA_TYPE_DECIMAL, "dec", 16);
        dec.setPrecision(10);
        dec.setScale(2);
        return dec;
    }
}
