package io.tdflink.jni;

import io.tdflink.common.TDengineDataType;

import org.apache.flink.annotation.Internal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * Reads a native batch (docs/native-batch-layout.md) in place: the header and schema are
 * parsed once, values are read with absolute gets, so no per-row or per-field native call
 * and no intermediate copies are needed.
 */
@Internal
public final class NativeBatchReader {
    private final ByteBuffer buffer;
    private final int length;
    private final int rows;
    private final List<NativeColumn> schema;
    private final int[] nullsOffset;
    private final int[] valuesOffset;
    private final int[][] varOffsets; // per var column: rows + 1 start offsets into the buffer
    private final byte[][] heapData; // per var column, filled on first use
    private final boolean ownedCopy; // buffer wraps this reader's own immutable array (heapCopy)

    /** Parses the batch occupying {@code buffer[0, length)}. */
    public NativeBatchReader(ByteBuffer buffer, int length) {
        this.buffer = buffer.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        this.length = length;
        this.ownedCopy = false;
        ByteBuffer in = this.buffer;
        in.clear().limit(length);
        if (length < NativeBatchFormat.HEADER_BYTES) {
            throw NativeBatchFormat.invalid("only " + length + " bytes");
        }
        NativeBatchFormat.checkHeader(in, length, NativeBatchFormat.MAGIC, NativeBatchFormat.VERSION, "batch");
        this.rows = in.getInt();
        int columnCount = in.getInt();
        in.getInt(); // reserved
        List<NativeColumn> columns = new ArrayList<>(columnCount);
        for (int i = 0; i < columnCount; i++) {
            TDengineDataType type = TDengineDataType.fromCode(Byte.toUnsignedInt(in.get()));
            int precision = Byte.toUnsignedInt(in.get());
            int scale = Byte.toUnsignedInt(in.get());
            in.get(); // flags
            int bytes = in.getInt();
            byte[] name = new byte[Short.toUnsignedInt(in.getShort())];
            in.get(name);
            columns.add(new NativeColumn(new String(name, StandardCharsets.UTF_8), type, precision, scale, bytes));
        }
        this.schema = Collections.unmodifiableList(columns);
        this.nullsOffset = new int[columnCount];
        this.valuesOffset = new int[columnCount];
        this.varOffsets = new int[columnCount][];
        this.heapData = new byte[columnCount][];
        try {
            for (int i = 0; i < columnCount; i++) {
                nullsOffset[i] = in.position();
                in.position(in.position() + rows);
                int width = columns.get(i).valueWidth();
                if (width > 0) {
                    valuesOffset[i] = in.position();
                    in.position(in.position() + rows * width);
                } else {
                    int lengthsAt = in.position();
                    in.position(lengthsAt + 4 * rows);
                    int dataLength = in.getInt();
                    int[] offsets = new int[rows + 1];
                    offsets[0] = in.position();
                    for (int r = 0; r < rows; r++) {
                        offsets[r + 1] = offsets[r] + in.getInt(lengthsAt + 4 * r);
                    }
                    if (offsets[rows] - offsets[0] != dataLength) {
                        throw NativeBatchFormat.invalid(
                                "column " + columns.get(i).name() + ": lengths do not add up to " + dataLength);
                    }
                    varOffsets[i] = offsets;
                    in.position(offsets[0] + dataLength);
                }
            }
        } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
            throw NativeBatchFormat.invalid("truncated (" + e.getMessage() + ")");
        }
        if (in.position() != length) {
            throw NativeBatchFormat.invalid((length - in.position()) + " trailing bytes");
        }
    }

    /** The parsed layout of {@code from}, over {@code copy}: its bytes in an array of their own. */
    private NativeBatchReader(NativeBatchReader from, byte[] copy) {
        this.buffer = ByteBuffer.wrap(copy).order(ByteOrder.LITTLE_ENDIAN);
        this.length = from.length;
        this.rows = from.rows;
        this.schema = from.schema;
        this.nullsOffset = from.nullsOffset;
        this.valuesOffset = from.valuesOffset;
        this.varOffsets = from.varOffsets;
        this.heapData = null;
        this.ownedCopy = true;
    }

    /**
     * This batch copied to the heap, once: the copy stays valid and unchanged when the buffer
     * this batch reads is reused by the next native call, and its variable-width values are
     * slices of that one array ({@link #varData}).
     */
    public NativeBatchReader heapCopy() {
        byte[] copy = new byte[length];
        buffer.duplicate().position(0).get(copy);
        return new NativeBatchReader(this, copy);
    }

    /** Bytes of the batch as it crossed the boundary (the numBytesIn metrics count them). */
    public int byteLength() {
        return length;
    }

    public int rowCount() {
        return rows;
    }

    public List<NativeColumn> schema() {
        return schema;
    }

    public boolean isNull(int column, int row) {
        return buffer.get(nullsOffset[column] + row) != 0;
    }

    public boolean getBoolean(int column, int row) {
        return buffer.get(valuesOffset[column] + row) != 0;
    }

    public byte getByte(int column, int row) {
        return buffer.get(valuesOffset[column] + row);
    }

    public short getShort(int column, int row) {
        return buffer.getShort(valuesOffset[column] + 2 * row);
    }

    public int getInt(int column, int row) {
        return buffer.getInt(valuesOffset[column] + 4 * row);
    }

    public long getLong(int column, int row) {
        return buffer.getLong(valuesOffset[column] + 8 * row);
    }

    public float getFloat(int column, int row) {
        return buffer.getFloat(valuesOffset[column] + 4 * row);
    }

    public double getDouble(int column, int row) {
        return buffer.getDouble(valuesOffset[column] + 8 * row);
    }

    /** A variable-width value as a fresh array ({@code null} for NULL). */
    public byte[] getBytes(int column, int row) {
        if (isNull(column, row)) {
            return null;
        }
        int start = varOffset(column, row);
        return Arrays.copyOfRange(varData(column), start, start + varLength(column, row));
    }

    /** A variable-width value decoded as UTF-8 ({@code null} for NULL). */
    public String getString(int column, int row) {
        return isNull(column, row)
                ? null
                : new String(varData(column), varOffset(column, row), varLength(column, row), StandardCharsets.UTF_8);
    }

    /**
     * An array holding the values of a variable-width column, copied to the heap once per batch
     * (or a {@link #heapCopy}'s own array) so each value is a slice ({@link #varOffset},
     * {@link #varLength}) rather than a copy of its own. Shared: do not modify.
     */
    public byte[] varData(int column) {
        if (ownedCopy) {
            return buffer.array();
        }
        byte[] data = heapData[column];
        if (data == null) {
            int[] offsets = varOffsets[column];
            data = new byte[offsets[rows] - offsets[0]];
            ByteBuffer view = buffer.duplicate();
            view.position(offsets[0]);
            view.get(data);
            heapData[column] = data;
        }
        return data;
    }

    /** Where the value of {@code row} starts in {@link #varData}. */
    public int varOffset(int column, int row) {
        return ownedCopy ? varOffsets[column][row] : varOffsets[column][row] - varOffsets[column][0];
    }

    public int varLength(int column, int row) {
        return varOffsets[column][row + 1] - varOffsets[column][row];
    }
}
