package io.tdflink.jni;

import org.apache.flink.annotation.Internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Builds a native batch column by column (docs/native-batch-layout.md), then encodes it into
 * one direct buffer for a single native call. Values are appended in row order per column;
 * every column must end with the same number of rows. Reusable after {@link #clear()}.
 */
@Internal
public final class NativeBatchWriter {
    // Little-endian views of the columns' byte arrays: one bounds-checked store per value.
    private static final VarHandle SHORTS =
            MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INTS = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle FLOATS =
            MethodHandles.byteArrayViewVarHandle(float[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle DOUBLES =
            MethodHandles.byteArrayViewVarHandle(double[].class, ByteOrder.LITTLE_ENDIAN);

    private final List<NativeColumn> schema;
    private final ColumnBuffer[] columns;
    /** Header plus schema entries: fixed for the writer's life, and asked for per row by the sink. */
    private final int headerAndSchemaBytes;

    public NativeBatchWriter(List<NativeColumn> schema) {
        this.schema = List.copyOf(schema);
        this.columns = new ColumnBuffer[schema.size()];
        int fixed = NativeBatchFormat.HEADER_BYTES;
        for (int i = 0; i < columns.length; i++) {
            columns[i] = new ColumnBuffer(this.schema.get(i).valueWidth());
            fixed += 10 + utf8Length(this.schema.get(i).name());
        }
        this.headerAndSchemaBytes = fixed;
    }

    public List<NativeColumn> schema() {
        return schema;
    }

    /** Rows appended so far (the count of the first column). */
    public int rowCount() {
        return columns.length == 0 ? 0 : columns[0].rows;
    }

    public void appendNull(int column) {
        columns[column].appendNull();
    }

    public void appendBoolean(int column, boolean v) {
        appendByte(column, (byte) (v ? 1 : 0));
    }

    public void appendByte(int column, byte v) {
        ColumnBuffer c = columns[column];
        int at = c.slot(1); // first: it may grow c.values
        c.values[at] = v;
    }

    public void appendShort(int column, short v) {
        ColumnBuffer c = columns[column];
        int at = c.slot(2); // first: it may grow c.values
        SHORTS.set(c.values, at, v);
    }

    public void appendInt(int column, int v) {
        ColumnBuffer c = columns[column];
        int at = c.slot(4); // first: it may grow c.values
        INTS.set(c.values, at, v);
    }

    public void appendLong(int column, long v) {
        ColumnBuffer c = columns[column];
        int at = c.slot(8); // first: it may grow c.values
        LONGS.set(c.values, at, v);
    }

    public void appendFloat(int column, float v) {
        ColumnBuffer c = columns[column];
        int at = c.slot(4); // first: it may grow c.values
        FLOATS.set(c.values, at, v);
    }

    public void appendDouble(int column, double v) {
        ColumnBuffer c = columns[column];
        int at = c.slot(8); // first: it may grow c.values
        DOUBLES.set(c.values, at, v);
    }

    /** Appends a variable-width value: text as UTF-8, binary as is, DECIMAL as a decimal string. */
    public void appendBytes(int column, byte[] v) {
        columns[column].appendVar(v, 0, v.length);
    }

    public void appendString(int column, String v) {
        appendBytes(column, v.getBytes(StandardCharsets.UTF_8));
    }

    /** Bytes {@link #encodeTo} will write. */
    public int encodedSize() {
        int size = headerAndSchemaBytes;
        for (ColumnBuffer column : columns) {
            size += column.encodedSize();
        }
        return size;
    }

    /**
     * Writes the batch at position 0 of {@code target} (little-endian, position untouched).
     *
     * @return the number of bytes written
     */
    public int encodeTo(ByteBuffer target) {
        int rows = rowCount();
        for (int i = 0; i < columns.length; i++) {
            if (columns[i].rows != rows) {
                throw NativeBatchFormat.invalid(
                        "column " + schema.get(i).name() + " has " + columns[i].rows + " rows, expected " + rows);
            }
        }
        int size = encodedSize();
        if (target.capacity() < size) {
            throw new IllegalArgumentException(
                    "buffer of " + target.capacity() + " bytes cannot hold a batch of " + size);
        }
        ByteBuffer out = target.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        out.clear();
        out.put(NativeBatchFormat.MAGIC).putShort(NativeBatchFormat.VERSION).putShort((short) 0);
        out.putInt(size).putInt(rows).putInt(columns.length).putInt(0);
        for (NativeColumn c : schema) {
            byte[] name = c.name().getBytes(StandardCharsets.UTF_8);
            out.put((byte) c.type().code())
                    .put((byte) c.precision())
                    .put((byte) c.scale())
                    .put((byte) 0);
            out.putInt(c.bytes()).putShort((short) name.length).put(name);
        }
        for (ColumnBuffer c : columns) {
            c.writeTo(out);
        }
        return size;
    }

    /** Forgets all rows, keeping the allocated memory. */
    public void clear() {
        for (ColumnBuffer c : columns) {
            c.clear();
        }
    }

    /** Drops every value appended after the first {@code rows} rows (of a row that failed half-way). */
    public void truncate(int rows) {
        for (ColumnBuffer c : columns) {
            c.truncate(rows);
        }
    }

    private static int utf8Length(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    /** One column: null flags plus either fixed-width values or lengths and data. */
    private static final class ColumnBuffer {
        private final int width; // -1 for variable width
        private byte[] nulls = new byte[64];
        private byte[] values; // fixed values, or var data: [0, size)
        private int size;
        private int[] lengths;
        private int rows;

        ColumnBuffer(int width) {
            this.width = width;
            this.values = new byte[width > 0 ? 64 * width : 1024];
            this.lengths = width > 0 ? null : new int[64];
        }

        void appendNull() {
            markRow((byte) 1);
            if (width > 0) {
                ensure(width);
                size += width; // NULL slots hold zeros
                Arrays.fill(values, size - width, size, (byte) 0);
            } else {
                lengths[rows - 1] = 0;
            }
        }

        /** Marks a non-NULL row and returns where its {@code bytes}-wide value goes in {@link #values}. */
        int slot(int bytes) {
            if (width != bytes) {
                throw NativeBatchFormat.invalid("a " + bytes + "-byte value appended to a column of width " + width);
            }
            markRow((byte) 0);
            ensure(bytes);
            int at = size;
            size += bytes;
            return at;
        }

        void appendVar(byte[] v, int offset, int length) {
            if (width > 0) {
                throw NativeBatchFormat.invalid("a variable-width value appended to a fixed-width column");
            }
            markRow((byte) 0);
            lengths[rows - 1] = length;
            ensure(length);
            System.arraycopy(v, offset, values, size, length);
            size += length;
        }

        private void markRow(byte isNull) {
            if (rows == nulls.length) {
                nulls = Arrays.copyOf(nulls, rows * 2);
                if (lengths != null) {
                    lengths = Arrays.copyOf(lengths, rows * 2);
                }
            }
            nulls[rows++] = isNull;
        }

        private void ensure(int more) {
            if (values.length - size < more) {
                values = Arrays.copyOf(values, Math.max(values.length * 2, size + more));
            }
        }

        int encodedSize() {
            return rows + (width > 0 ? size : 4 * rows + 4 + size);
        }

        void writeTo(ByteBuffer out) {
            out.put(nulls, 0, rows);
            if (width < 0) {
                for (int i = 0; i < rows; i++) {
                    out.putInt(lengths[i]);
                }
                out.putInt(size);
            }
            out.put(values, 0, size);
        }

        void clear() {
            rows = 0;
            size = 0;
        }

        void truncate(int keep) {
            if (rows <= keep) {
                return;
            }
            int bytes = 0;
            for (int i = 0; i < keep; i++) {
                bytes += width > 0 ? width : lengths[i];
            }
            size = bytes;
            rows = keep;
        }
    }
}
