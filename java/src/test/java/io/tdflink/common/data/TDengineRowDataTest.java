package io.tdflink.common.data;

import org.apache.flink.table.data.DecimalData;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.types.RowKind;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TDengineRowDataTest {
    private static final String TEXT = "涛思数据😀é";
    private static final byte[] BYTES = {0, (byte) 0xff, 0x10};
    private static final TimestampData NANOS =
            TimestampData.fromLocalDateTime(LocalDateTime.of(2024, 1, 2, 3, 4, 5, 123_456_789));

    private static TDengineRowData row() {
        TDengineRowData row = new TDengineRowData(5);
        row.setField(0, NANOS);
        row.setField(1, StringData.fromString(TEXT));
        row.setField(2, BYTES.clone());
        row.setField(3, DecimalData.fromBigDecimal(new BigDecimal("12345678.90"), 10, 2));
        return row;
    }

    @Test
    void textAnswersGetBinaryWithItsUtf8Bytes() {
        TDengineRowData row = row();
        assertEquals(TEXT, row.getString(1).toString());
        assertArrayEquals(TEXT.getBytes(StandardCharsets.UTF_8), row.getBinary(1));
        assertNotSame(row.getBinary(1), row.getBinary(1), "each caller gets an array of its own");
    }

    @Test
    void bytesAnswerGetStringWithTheSameBytes() {
        TDengineRowData row = row();
        assertArrayEquals(BYTES, row.getBinary(2));
        assertArrayEquals(BYTES, row.getString(2).toBytes());
    }

    @Test
    void timestampsAndDecimalsReadTheSameAtAnyPrecision() {
        TDengineRowData row = row();
        for (int precision = 0; precision <= 9; precision++) {
            assertSame(NANOS, row.getTimestamp(0, precision), "precision " + precision);
        }
        assertEquals(new BigDecimal("12345678.90"), row.getDecimal(3, 38, 0).toBigDecimal());
    }

    @Test
    void nullsKindEqualityAndTextLikeGenericRowData() {
        TDengineRowData row = row();
        assertTrue(row.isNullAt(4));
        assertNull(row.getString(4));
        assertNull(row.getBinary(4));
        assertEquals(row(), row);
        assertEquals(row().hashCode(), row.hashCode());
        row.setRowKind(RowKind.DELETE);
        assertNotEquals(row(), row);
        GenericRowData generic = GenericRowData.ofKind(
                RowKind.DELETE,
                NANOS,
                StringData.fromString(TEXT),
                BYTES.clone(),
                DecimalData.fromBigDecimal(new BigDecimal("12345678.90"), 10, 2),
                null);
        assertEquals(generic.toString(), row.toString());
    }
}
