package io.tdflink.jni;

import org.apache.flink.annotation.Internal;

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
        columns[column].fixed(1).put((byte) (v ? 1 : 0));
    }

    public void appendByte(int column, byte v) {
        columns[column].fixed(1).put(v);
    }

    public void appendShort(int column, short v) {
        columns[column].fixed(2).putShort(v);
    }

    public void appendInt(int column, int v) {
        columns[column].fixed(4).putInt(v);
    }

    public void appendLong(int column, long v) {
        columns[column].fixed(8).putLong(v);
    }

    public void appendFloat(int column, float v) {
        columns[column].fixed(4).putFloat(v);
    }

    public void appendDouble(int column, double v) {
        columns[column].fixed(8).putDouble(v);
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
        private ByteBuffer values; // fixed values, or var data
        private int[] lengths;
        private int rows;

        ColumnBuffer(int width) {
            this.width = width;
            this.values = ByteBuffer.allocate(width > 0 ? 64 * width : 1024).order(ByteOrder.LITTLE_ENDIAN);
            this.lengths = width > 0 ? null : new int[64];
        }

        void appendNull() {
            markRow((byte) 1);
            if (width > 0) {
                ByteBuffer slot = ensure(width);
                for (int i = 0; i < width; i++) {
                    slot.put((byte) 0); // NULL slots hold zeros
                }
            } else {
                lengths[rows - 1] = 0;
            }
        }

        ByteBuffer fixed(int size) {
            if (width != size) {
                throw NativeBatchFormat.invalid("a " + size + "-byte value appended to a column of width " + width);
            }
            markRow((byte) 0);
            return ensure(size);
        }

        void appendVar(byte[] v, int offset, int length) {
            if (width > 0) {
                throw NativeBatchFormat.invalid("a variable-width value appended to a fixed-width column");
            }
            markRow((byte) 0);
            lengths[rows - 1] = length;
            ensure(length).put(v, offset, length);
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

        private ByteBuffer ensure(int more) {
            if (values.remaining() < more) {
                ByteBuffer bigger = ByteBuffer.allocate(Math.max(values.capacity() * 2, values.position() + more))
                        .order(ByteOrder.LITTLE_ENDIAN);
                values.flip();
                bigger.put(values);
                values = bigger;
            }
            return values;
        }

        int encodedSize() {
            return rows + (width > 0 ? values.position() : 4 * rows + 4 + values.position());
        }

        void writeTo(ByteBuffer out) {
            out.put(nulls, 0, rows);
            if (width < 0) {
                for (int i = 0; i < rows; i++) {
                    out.putInt(lengths[i]);
                }
                out.putInt(values.position());
            }
            out.put(values.array(), 0, values.position());
        }

        void clear() {
            rows = 0;
            values.clear();
        }

        void truncate(int keep) {
            if (rows <= keep) {
                return;
            }
            int bytes = 0;
            for (int i = 0; i < keep; i++) {
                bytes += width > 0 ? width : lengths[i];
            }
            values.position(bytes);
            rows = keep;
        }
    }
}
