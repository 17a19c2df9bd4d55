package io.tdflink.common.data;

import io.tdflink.common.typeutils.TDengineRowDataKryoSerializer;

import org.apache.flink.annotation.Internal;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.table.data.ArrayData;
import org.apache.flink.table.data.DecimalData;
import org.apache.flink.table.data.MapData;
import org.apache.flink.table.data.RawValueData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.types.RowKind;
import org.apache.flink.util.StringUtils;

import com.esotericsoftware.kryo.DefaultSerializer;

import java.util.Arrays;
import java.util.Objects;

/**
 * The {@link RowData} the TDengine sources emit ({@code value.deserializer=RowData}). It holds
 * its values as {@link org.apache.flink.table.data.GenericRowData} does (boxed primitives,
 * {@link StringData}, {@link TimestampData}, {@link DecimalData}, {@code byte[]}), but reads
 * them as a job written for the official connector expects, whose rows are
 * {@code BinaryRowData}:
 *
 * <ul>
 *   <li>a text or binary value answers both {@link #getString} and {@link #getBinary} (UTF-8
 *       both ways), as in a binary row, where both are bytes;
 *   <li>{@link #getTimestamp} and {@link #getDecimal} return the value with every digit of its
 *       column, whatever precision is asked. (An official row returns its timestamp when asked
 *       with precision 4 to 9, and a wrong instant when asked with 0 to 3.)
 * </ul>
 *
 * <p>A row owns its values and is never reused or changed by the source, so downstream code may
 * keep it. Serialized by {@link io.tdflink.common.typeutils.GenericRowDataSerializer} (also
 * within Kryo, {@link TDengineRowDataKryoSerializer}).
 *
 * <p>The sources' rows are views: each reads its values, unboxed, from the columns of an
 * immutable heap copy of its batch, converting them when read, so a row costs one small object.
 * As with Flink's own columnar rows, a row that is kept keeps its whole batch copy alive. Its
 * first {@link #setField} materializes it (copy on write): its values move to an array of its
 * own, the other rows of the batch unchanged. Either form reads, compares, hashes and prints
 * the same.
 */
@PublicEvolving
@DefaultSerializer(TDengineRowDataKryoSerializer.class) // where Flink's generic types hold rows
public final class TDengineRowData implements RowData {
    private Object[] fields; // the values, once materialized; null while a view
    private BatchColumns columns; // while a view: the batch it reads; null once materialized
    private final int row; // while a view: its row in columns
    private RowKind kind;

    public TDengineRowData(int arity) {
        this(RowKind.INSERT, arity);
    }

    public TDengineRowData(RowKind kind, int arity) {
        this.kind = Objects.requireNonNull(kind);
        this.fields = new Object[arity];
        this.row = -1;
    }

    /** A view of row {@code row} of {@code columns}, an INSERT. */
    @Internal
    public TDengineRowData(BatchColumns columns, int row) {
        this(RowKind.INSERT, columns, row);
    }

    private TDengineRowData(RowKind kind, BatchColumns columns, int row) {
        this.kind = kind;
        this.columns = columns;
        this.row = row;
    }

    /** The value at {@code pos} as held: null, a boxed primitive, StringData, TimestampData, DecimalData or byte[]. */
    public Object getField(int pos) {
        return columns == null ? fields[pos] : columns.field(pos, row);
    }

    /** Sets a value; a view first takes its values out of its batch (copy on write). */
    public void setField(int pos, Object value) {
        if (columns != null) {
            fields = values();
            columns = null;
        }
        fields[pos] = value;
    }

    /**
     * A row with equal values whose {@link #setField} and {@link #setRowKind} leave this one
     * unchanged. A view's copy views the same immutable batch copy; a materialized row's copy
     * shares its immutable values and clones its byte arrays.
     */
    public TDengineRowData copy() {
        if (columns != null) {
            return new TDengineRowData(kind, columns, row);
        }
        TDengineRowData copy = new TDengineRowData(kind, fields.length);
        for (int i = 0; i < fields.length; i++) {
            copy.fields[i] = fields[i] instanceof byte[] ? ((byte[]) fields[i]).clone() : fields[i];
        }
        return copy;
    }

    /** The values as a materialized row holds them: its own array, or a new one for a view. */
    private Object[] values() {
        if (columns == null) {
            return fields;
        }
        Object[] values = new Object[columns.readers.length];
        for (int i = 0; i < values.length; i++) {
            values[i] = columns.field(i, row);
        }
        return values;
    }

    @Override
    public int getArity() {
        return columns == null ? fields.length : columns.readers.length;
    }

    @Override
    public RowKind getRowKind() {
        return kind;
    }

    @Override
    public void setRowKind(RowKind kind) {
        this.kind = Objects.requireNonNull(kind);
    }

    @Override
    public boolean isNullAt(int pos) {
        return columns == null ? fields[pos] == null : columns.batch.isNull(pos, row);
    }

    @Override
    public boolean getBoolean(int pos) {
        return columns == null ? (Boolean) fields[pos] : columns.readers[pos].readBoolean(columns.batch, pos, row);
    }

    @Override
    public byte getByte(int pos) {
        return columns == null ? (Byte) fields[pos] : columns.readers[pos].readByte(columns.batch, pos, row);
    }

    @Override
    public short getShort(int pos) {
        return columns == null ? (Short) fields[pos] : columns.readers[pos].readShort(columns.batch, pos, row);
    }

    @Override
    public int getInt(int pos) {
        return columns == null ? (Integer) fields[pos] : columns.readers[pos].readInt(columns.batch, pos, row);
    }

    @Override
    public long getLong(int pos) {
        return columns == null ? (Long) fields[pos] : columns.readers[pos].readLong(columns.batch, pos, row);
    }

    @Override
    public float getFloat(int pos) {
        return columns == null ? (Float) fields[pos] : columns.readers[pos].readFloat(columns.batch, pos, row);
    }

    @Override
    public double getDouble(int pos) {
        return columns == null ? (Double) fields[pos] : columns.readers[pos].readDouble(columns.batch, pos, row);
    }

    /** Text as it is; bytes (VARBINARY, GEOMETRY, BLOB) as UTF-8, without a copy. */
    @Override
    public StringData getString(int pos) {
        if (columns != null) {
            return columns.readers[pos].readString(columns.batch, pos, row);
        }
        Object value = fields[pos];
        return value instanceof byte[] ? StringData.fromBytes((byte[]) value) : (StringData) value;
    }

    /**
     * Bytes as they are; text (VARCHAR, NCHAR, JSON) as its UTF-8 bytes in an array of the
     * caller's own ({@code toBytes} may hand out the string's own array, which copies share).
     */
    @Override
    public byte[] getBinary(int pos) {
        if (columns != null) {
            return columns.readers[pos].readBinary(columns.batch, pos, row);
        }
        Object value = fields[pos];
        return value instanceof StringData ? ((StringData) value).toBytes().clone() : (byte[]) value;
    }

    /** The value as read, whatever {@code precision} is asked. */
    @Override
    public DecimalData getDecimal(int pos, int precision, int scale) {
        return columns == null ? (DecimalData) fields[pos] : columns.readers[pos].readDecimal(columns.batch, pos, row);
    }

    /** The value as read, whatever {@code precision} is asked. */
    @Override
    public TimestampData getTimestamp(int pos, int precision) {
        return columns == null
                ? (TimestampData) fields[pos]
                : columns.readers[pos].readTimestamp(columns.batch, pos, row);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> RawValueData<T> getRawValue(int pos) {
        return (RawValueData<T>) getField(pos);
    }

    @Override
    public ArrayData getArray(int pos) {
        return (ArrayData) getField(pos);
    }

    @Override
    public MapData getMap(int pos) {
        return (MapData) getField(pos);
    }

    @Override
    public RowData getRow(int pos, int numFields) {
        return (RowData) getField(pos);
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof TDengineRowData)) {
            return false;
        }
        TDengineRowData that = (TDengineRowData) o;
        return kind == that.kind && Arrays.deepEquals(values(), that.values());
    }

    @Override
    public int hashCode() {
        return 31 * kind.hashCode() + Arrays.deepHashCode(values());
    }

    /** As {@code GenericRowData} prints: {@code +I(1,a,...)}. */
    @Override
    public String toString() {
        StringBuilder out = new StringBuilder(kind.shortString()).append('(');
        for (int i = 0; i < getArity(); i++) {
            out.append(i == 0 ? "" : ",").append(StringUtils.arrayAwareToString(getField(i)));
        }
        return out.append(')').toString();
    }
}
