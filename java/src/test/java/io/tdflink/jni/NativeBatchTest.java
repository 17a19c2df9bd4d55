package io.tdflink.jni;

import io.tdflink.common.TDengineDataType;
import io.tdflink.common.TDengineException;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Java and Rust implement the same batch layout: Java writes, Rust decodes and re-encodes, Java reads. */
class NativeBatchTest {

    private static final List<NativeColumn> SCHEMA = List.of(
            new NativeColumn("ts", TDengineDataType.TIMESTAMP, 2, 0, 8),
            NativeColumn.of("b", TDengineDataType.BOOL),
            NativeColumn.of("i8", TDengineDataType.TINYINT),
            NativeColumn.of("i16", TDengineDataType.SMALLINT),
            NativeColumn.of("i32", TDengineDataType.INT),
            NativeColumn.of("u64", TDengineDataType.BIGINT_UNSIGNED),
            NativeColumn.of("f", TDengineDataType.FLOAT),
            NativeColumn.of("d", TDengineDataType.DOUBLE),
            new NativeColumn("name", TDengineDataType.NCHAR, 0, 0, 40),
            new NativeColumn("bin", TDengineDataType.VARBINARY, 0, 0, 16),
            new NativeColumn("price", TDengineDataType.DECIMAL, 20, 4, 16),
            new NativeColumn("Mixed `Name`", TDengineDataType.JSON, 0, 0, 4095));

    @Test
    void everyTypeRoundTripsThroughRust() {
        NativeBatchWriter writer = new NativeBatchWriter(SCHEMA);
        int rows = 1000;
        for (int r = 0; r < rows; r++) {
            boolean nulls = r % 7 == 3;
            writer.appendLong(0, 1_700_000_000_000_000_000L + r);
            if (nulls) {
                for (int c = 1; c < SCHEMA.size(); c++) {
                    writer.appendNull(c);
                }
                continue;
            }
            writer.appendBoolean(1, r % 2 == 0);
            writer.appendByte(2, (byte) (r - 128));
            writer.appendShort(3, (short) (r * 31));
            writer.appendInt(4, r == 0 ? Integer.MIN_VALUE : r * 1_000_003);
            writer.appendLong(5, -1L); // 2^64-1 as unsigned
            writer.appendFloat(6, r / 3f);
            writer.appendDouble(7, r == 1 ? Double.MAX_VALUE : -r / 7d);
            writer.appendString(8, "电表-" + r + "-é€😀");
            writer.appendBytes(9, r % 5 == 0 ? new byte[0] : new byte[] {0, (byte) 0xff, (byte) r});
            writer.appendString(10, "-" + r + ".0425");
            writer.appendString(11, "{\"k\":" + r + "}");
        }
        NativeBatchReader reader = roundTrip(writer);

        assertEquals(rows, reader.rowCount());
        assertEquals(SCHEMA, reader.schema());
        for (int r = 0; r < rows; r++) {
            assertEquals(1_700_000_000_000_000_000L + r, reader.getLong(0, r));
            if (r % 7 == 3) {
                for (int c = 1; c < SCHEMA.size(); c++) {
                    assertTrue(reader.isNull(c, r));
                }
                assertNull(reader.getString(8, r));
                continue;
            }
            assertFalse(reader.isNull(1, r));
            assertEquals(r % 2 == 0, reader.getBoolean(1, r));
            assertEquals((byte) (r - 128), reader.getByte(2, r));
            assertEquals((short) (r * 31), reader.getShort(3, r));
            assertEquals(r == 0 ? Integer.MIN_VALUE : r * 1_000_003, reader.getInt(4, r));
            assertEquals("18446744073709551615", Long.toUnsignedString(reader.getLong(5, r)));
            assertEquals(r / 3f, reader.getFloat(6, r));
            assertEquals(r == 1 ? Double.MAX_VALUE : -r / 7d, reader.getDouble(7, r));
            assertEquals("电表-" + r + "-é€😀", reader.getString(8, r));
            assertArrayEquals(r % 5 == 0 ? new byte[0] : new byte[] {0, (byte) 0xff, (byte) r}, reader.getBytes(9, r));
            assertEquals("-" + r + ".0425", reader.getString(10, r));
            assertEquals("{\"k\":" + r + "}", reader.getString(11, r));
        }
    }

    @Test
    void emptyBatchAndReuse() {
        NativeBatchWriter writer = new NativeBatchWriter(SCHEMA.subList(0, 2));
        assertEquals(0, roundTrip(writer).rowCount());
        writer.appendLong(0, 5);
        writer.appendNull(1);
        writer.clear();
        writer.appendLong(0, 6);
        writer.appendBoolean(1, true);
        NativeBatchReader reader = roundTrip(writer);
        assertEquals(1, reader.rowCount());
        assertEquals(6, reader.getLong(0, 0));
    }

    @Test
    void tooSmallOutputReportsTheNeededSize() {
        NativeBatchWriter writer = new NativeBatchWriter(SCHEMA.subList(0, 1));
        writer.appendLong(0, 1);
        ByteBuffer in = ByteBuffer.allocateDirect(writer.encodedSize());
        int length = writer.encodeTo(in);
        assertEquals(-length, NativeDiagnostics.roundTripBatch(in, length, ByteBuffer.allocateDirect(length - 1)));
    }

    @Test
    void damagedBatchesAreRejectedWithACode() {
        NativeBatchWriter writer = new NativeBatchWriter(SCHEMA.subList(0, 1));
        writer.appendLong(0, 1);
        ByteBuffer in = ByteBuffer.allocateDirect(writer.encodedSize());
        int length = writer.encodeTo(in);
        ByteBuffer out = ByteBuffer.allocateDirect(1024);
        TDengineException truncated =
                assertThrows(TDengineException.class, () -> NativeDiagnostics.roundTripBatch(in, length - 3, out));
        assertEquals(0x2303, truncated.getErrorCode());
        in.put(0, (byte) 'X');
        assertTrue(assertThrows(TDengineException.class, () -> NativeDiagnostics.roundTripBatch(in, length, out))
                .getMessage()
                .contains("magic"));
        assertThrows(TDengineException.class, () -> new NativeBatchReader(in, length));
    }

    @Test
    void appendingTheWrongWidthIsRejected() {
        NativeBatchWriter writer = new NativeBatchWriter(SCHEMA.subList(0, 1));
        assertEquals(
                0x2303,
                assertThrows(TDengineException.class, () -> writer.appendInt(0, 1))
                        .getErrorCode());
    }

    static NativeBatchReader roundTrip(NativeBatchWriter writer) {
        ByteBuffer in = ByteBuffer.allocateDirect(writer.encodedSize());
        int length = writer.encodeTo(in);
        ByteBuffer out = ByteBuffer.allocateDirect(length);
        int written = NativeDiagnostics.roundTripBatch(in, length, out);
        assertEquals(length, written, "Rust re-encodes to exactly the same size");
        return new NativeBatchReader(out, written);
    }
}
