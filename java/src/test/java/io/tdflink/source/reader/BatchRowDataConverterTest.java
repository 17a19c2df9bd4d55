package io.tdflink.source.reader;

import io.tdflink.common.TDengineDataType;
import io.tdflink.common.data.TDengineRowData;
import io.tdflink.common.types.TDengineTypeMapping;
import io.tdflink.common.typeutils.GenericRowDataSerializer;
import io.tdflink.jni.NativeBatchReader;
import io.tdflink.jni.NativeBatchWriter;
import io.tdflink.jni.NativeColumn;
import io.tdflink.source.entity.SourceRecords;

import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.java.typeutils.runtime.kryo.KryoSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.table.data.DecimalData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.LogicalTypeFamily;
import org.apache.flink.types.RowKind;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
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
            NativeColumn.of("b", TDengineDataType.BOOL),
            NativeColumn.of("i8", TDengineDataType.TINYINT),
            NativeColumn.of("i16", TDengineDataType.SMALLINT),
            NativeColumn.of("i32", TDengineDataType.INT),
            NativeColumn.of("i64", TDengineDataType.BIGINT),
            NativeColumn.of("f", TDengineDataType.FLOAT),
            NativeColumn.of("d", TDengineDataType.DOUBLE),
            new NativeColumn("vc", TDengineDataType.VARCHAR, 0, 0, 16),
            new NativeColumn("vb", TDengineDataType.VARBINARY, 0, 0, 16));

    private static NativeBatchReader batch() {
        ByteBuffer buffer = ByteBuffer.allocate(1024);
        return new NativeBatchReader(buffer, encode(buffer, "涛思😀", -7));
    }

    /** Row 0: a value per column (text {@code nc}, integers {@code i}); row 1: NULLs. */
    private static int encode(ByteBuffer buffer, String nc, int i) {
        NativeBatchWriter w = new NativeBatchWriter(SCHEMA);
        w.appendLong(0, 1_700_000_000_123L);
        w.appendLong(1, -1L); // one nanosecond before the epoch
        w.appendByte(2, (byte) 0xff);
        w.appendShort(3, (short) 0xffff);
        w.appendInt(4, 0xffffffff);
        w.appendLong(5, -1L);
        w.appendString(6, "-1234567890123456.7890");
        w.appendString(7, nc);
        w.appendString(8, "{\"k\":1}");
        w.appendBytes(9, new byte[] {1, 1, 0, 0, 0});
        w.appendBoolean(10, true);
        w.appendByte(11, (byte) i);
        w.appendShort(12, (short) (i * 300));
        w.appendInt(13, i * 100_000);
        w.appendLong(14, i * 10_000_000_000L);
        w.appendFloat(15, i + 0.5f);
        w.appendDouble(16, i + 0.25);
        w.appendString(17, nc + "!");
        w.appendBytes(18, new byte[] {(byte) i, 0, 1});
        for (int c = 0; c < SCHEMA.size(); c++) {
            w.appendNull(c);
        }
        return w.encodeTo(buffer);
    }

    private static List<RowData> rows(ZoneId zone, NativeBatchReader batch) {
        List<RowData> out = new ArrayList<>();
        new BatchRowDataConverter(zone).convert(batch, out);
        return out;
    }

    /** The row's values held in a materialized row (as before the rows were views). */
    private static TDengineRowData materialized(RowData view) {
        TDengineRowData row = new TDengineRowData(view.getRowKind(), view.getArity());
        for (int c = 0; c < view.getArity(); c++) {
            row.setField(c, ((TDengineRowData) view).getField(c));
        }
        return row;
    }

    /** Every value as Flink's typed getters read it for the column's default type, and text and bytes both ways. */
    private static List<Object> readEveryGetter(RowData row) {
        List<Object> values = new ArrayList<>();
        for (int c = 0; c < SCHEMA.size(); c++) {
            LogicalType type = TDengineTypeMapping.defaultType(SCHEMA.get(c));
            Object value = RowData.createFieldGetter(type, c).getFieldOrNull(row);
            values.add(value instanceof byte[] ? Arrays.toString((byte[]) value) : value);
            if (!row.isNullAt(c)
                    && (type.is(LogicalTypeFamily.CHARACTER_STRING) || type.is(LogicalTypeFamily.BINARY_STRING))) {
                values.add(row.getString(c));
                values.add(Arrays.toString(row.getBinary(c)));
            }
        }
        return values;
    }

    @Test
    void everyTypeMapsWithoutLossAndUnsignedValuesStayPositive() {
        RowData row = rows(ZoneOffset.UTC, batch()).get(0);
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
        RowData row = rows(ZoneOffset.UTC, batch()).get(1);
        for (int c = 0; c < SCHEMA.size(); c++) {
            assertTrue(row.isNullAt(c), "column " + c);
        }
    }

    @Test
    void timestampsAreWallClockTimesOfTheConfiguredZone() {
        NativeBatchReader batch = batch();
        RowData utc = rows(ZoneId.of("UTC"), batch).get(0);
        RowData shanghai = rows(ZoneId.of("Asia/Shanghai"), batch).get(0);
        RowData newYork = rows(ZoneId.of("America/New_York"), batch).get(0);
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

    @Test
    void viewsReadWhatMaterializedRowsHold() {
        for (RowData view : rows(ZoneId.of("Asia/Shanghai"), batch())) {
            TDengineRowData held = materialized(view);
            assertEquals(readEveryGetter(held), readEveryGetter(view));
            for (int c = 0; c < SCHEMA.size(); c++) {
                assertEquals(held.isNullAt(c), view.isNullAt(c));
            }
        }
        RowData row = rows(ZoneOffset.UTC, batch()).get(0);
        assertEquals(-7, row.getByte(11));
        assertEquals(-2100, row.getShort(12));
        assertEquals(-700_000, row.getInt(13));
        assertEquals(-70_000_000_000L, row.getLong(14));
        assertEquals(-6.5f, row.getFloat(15));
        assertEquals(-6.75, row.getDouble(16));
        assertEquals("涛思😀!", row.getString(17).toString());
        assertArrayEquals(new byte[] {-7, 0, 1}, row.getBinary(18));
        assertThrows(ClassCastException.class, () -> row.getInt(14), "as a held Long read by getInt");
    }

    @Test
    void viewsAndMaterializedRowsAreEqualAndPrintTheSame() {
        for (RowData view : rows(ZoneOffset.UTC, batch())) {
            TDengineRowData held = materialized(view);
            assertEquals(held, view);
            assertEquals(view, held);
            assertEquals(held.hashCode(), view.hashCode());
            assertEquals(held.toString(), view.toString());
        }
        List<RowData> rows = rows(ZoneOffset.UTC, batch());
        assertNotEquals(rows.get(0), rows.get(1));
        rows.get(1).setRowKind(RowKind.DELETE);
        assertNotEquals(materialized(rows.get(1)), rows(ZoneOffset.UTC, batch()).get(1));
    }

    @Test
    void setFieldCopiesTheViewAndLeavesTheBatchUnchanged() {
        List<RowData> rows = rows(ZoneOffset.UTC, batch());
        TDengineRowData changed = (TDengineRowData) rows.get(0);
        RowData sameRowAgain = ((TDengineRowData) rows.get(0)).copy();
        String before = changed.toString();
        changed.setField(13, 42);
        assertEquals(42, changed.getInt(13));
        assertEquals(-700_000, sameRowAgain.getInt(13));
        assertEquals(before, sameRowAgain.toString());
        assertEquals(StringData.fromString("涛思😀"), changed.getString(7), "the other fields kept");
        assertTrue(rows.get(1).isNullAt(13));
        changed.setField(13, -700_000);
        assertEquals(sameRowAgain, changed);
    }

    @Test
    void serializerRoundTripsAndCopiesViews() throws Exception {
        GenericRowDataSerializer serializer = GenericRowDataSerializer.INSTANCE;
        for (RowData view : rows(ZoneOffset.UTC, batch())) {
            DataOutputSerializer out = new DataOutputSerializer(256);
            serializer.serialize(view, out);
            RowData back = serializer.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
            assertEquals(TDengineRowData.class, back.getClass());
            assertEquals(view, back);
            RowData copy = serializer.copy(view);
            assertEquals(view, copy);
            ((TDengineRowData) copy).setField(2, null);
            copy.setRowKind(RowKind.DELETE);
            assertEquals(materialized(view), view, "the original unchanged by its copy's changes");
            assertEquals(RowKind.INSERT, view.getRowKind());
        }
    }

    @Test
    void keptRowsReadTheirOwnBatchAfterTheBufferIsReused() {
        ByteBuffer reused = ByteBuffer.allocateDirect(1024);
        List<RowData> first = rows(ZoneOffset.UTC, new NativeBatchReader(reused, encode(reused, "first", 1)));
        String printed = first.get(0).toString();
        List<RowData> second = rows(ZoneOffset.UTC, new NativeBatchReader(reused, encode(reused, "second", 2)));
        assertEquals("second", second.get(0).getString(7).toString());
        assertEquals("first", first.get(0).getString(7).toString());
        assertEquals(100_000, first.get(0).getInt(13));
        assertEquals(printed, first.get(0).toString());
    }

    @Test
    @SuppressWarnings({"rawtypes", "unchecked"})
    void kryoWritesTheValuesOfViewsInBatches() throws Exception {
        // The batch forms (SourceRecords, ConsumerRecords) are Flink generic types: Kryo.
        KryoSerializer<SourceRecords> kryo = new KryoSerializer<>(SourceRecords.class, new SerializerConfigImpl());
        SourceRecords records = new SourceRecords<>(rows(ZoneOffset.UTC, batch()));
        DataOutputSerializer out = new DataOutputSerializer(256);
        kryo.serialize(records, out);
        SourceRecords back = kryo.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
        assertEquals(records.getRecords(), back.getRecords());
        assertEquals(records.getRecords(), kryo.copy(records).getRecords());
    }
}
