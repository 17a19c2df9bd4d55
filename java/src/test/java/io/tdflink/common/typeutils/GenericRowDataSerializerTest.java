package io.tdflink.common.typeutils;

import io.tdflink.common.data.TDengineRowData;

import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.table.data.DecimalData;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.data.binary.BinaryRowData;
import org.apache.flink.types.RowKind;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

class GenericRowDataSerializerTest {
    private static final GenericRowDataSerializer SERIALIZER = GenericRowDataSerializer.INSTANCE;

    private static GenericRowData everyField() {
        return GenericRowData.ofKind(
                RowKind.UPDATE_AFTER,
                null,
                true,
                (byte) -128,
                (short) 32767,
                Integer.MIN_VALUE,
                Long.MAX_VALUE,
                -1.5f,
                Double.MAX_VALUE,
                StringData.fromString("涛思数据😀"),
                TimestampData.fromLocalDateTime(LocalDateTime.of(1969, 12, 31, 23, 59, 59, 123_456_789)),
                DecimalData.fromBigDecimal(new BigDecimal("18446744073709551615"), 20, 0),
                new byte[] {0, (byte) 0xff});
    }

    @Test
    void everyFieldKindRoundTripsWithItsRowKind() throws Exception {
        GenericRowData row = everyField();
        DataOutputSerializer out = new DataOutputSerializer(64);
        SERIALIZER.serialize(row, out);
        GenericRowData back = (GenericRowData) SERIALIZER.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
        assertEquals(RowKind.UPDATE_AFTER, back.getRowKind());
        assertEquals(row.getArity(), back.getArity());
        for (int i = 0; i < row.getArity() - 1; i++) {
            assertEquals(row.getField(i), back.getField(i), "field " + i);
        }
        assertArrayEquals((byte[]) row.getField(11), (byte[]) back.getField(11));
    }

    @Test
    void copiesShareImmutableFieldsButNotByteArrays() {
        GenericRowData row = everyField();
        GenericRowData copy = (GenericRowData) SERIALIZER.copy(row);
        assertNotSame(row, copy);
        assertSame(row.getField(8), copy.getField(8));
        assertNotSame(row.getField(11), copy.getField(11));
        assertArrayEquals((byte[]) row.getField(11), (byte[]) copy.getField(11));
    }

    /** The sources' rows keep their class, and so answer getBinary on text, after a copy and a network hop. */
    @Test
    void tdengineRowsStayTDengineRows() throws Exception {
        GenericRowData generic = everyField();
        TDengineRowData row = new TDengineRowData(RowKind.UPDATE_AFTER, generic.getArity());
        for (int i = 0; i < generic.getArity(); i++) {
            row.setField(i, generic.getField(i));
        }
        DataOutputSerializer out = new DataOutputSerializer(64);
        SERIALIZER.serialize(row, out);
        RowData back = SERIALIZER.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
        assertEquals(row, back);
        assertEquals(RowKind.UPDATE_AFTER, back.getRowKind());
        assertArrayEquals("涛思数据😀".getBytes(StandardCharsets.UTF_8), back.getBinary(8));
        RowData copy = SERIALIZER.copy(row);
        assertEquals(row, copy);
        assertNotSame(row.getField(11), ((TDengineRowData) copy).getField(11));
    }

    /** Rows written before TDengineRowData existed carry a plain kind byte: they read back as GenericRowData. */
    @Test
    void rowsOfEarlierCheckpointsReadBackAsGenericRowData() throws Exception {
        DataOutputSerializer out = new DataOutputSerializer(16);
        out.writeByte(RowKind.DELETE.toByteValue());
        out.writeInt(1);
        out.writeByte(4); // INT
        out.writeInt(7);
        RowData back = SERIALIZER.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
        assertInstanceOf(GenericRowData.class, back);
        assertEquals(GenericRowData.ofKind(RowKind.DELETE, 7), back);
    }

    @Test
    void restoresFromItsSnapshotAndRefusesOtherRowData() throws Exception {
        TypeSerializerSnapshot<RowData> snapshot = SERIALIZER.snapshotConfiguration();
        DataOutputSerializer out = new DataOutputSerializer(16);
        snapshot.writeSnapshot(out);
        GenericRowDataSerializer.Snapshot restored = new GenericRowDataSerializer.Snapshot();
        restored.readSnapshot(
                snapshot.getCurrentVersion(),
                new DataInputDeserializer(out.getCopyOfBuffer()),
                getClass().getClassLoader());
        assertSame(SERIALIZER, restored.restoreSerializer());
        assertThrows(IllegalArgumentException.class, () -> SERIALIZER.copy(new BinaryRowData(1)));
    }
}
