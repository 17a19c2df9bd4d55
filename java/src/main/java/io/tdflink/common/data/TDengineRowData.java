package io.tdflink.common.data;

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
 * keep it. Serialized by {@link io.tdflink.common.typeutils.GenericRowDataSerializer}.
 */
@PublicEvolving
public final class TDengineRowData implements RowData {
    private final Object[] fields;
    private RowKind kind;

    public TDengineRowData(int arity) {
        this(RowKind.INSERT, arity);
    }

    public TDengineRowData(RowKind kind, int arity) {
        this.kind = Objects.requireNonNull(kind);
        this.fields = new Object[arity];
    }

    /** The value at {@code pos} as held: null, a boxed primitive, StringData, TimestampData, DecimalData or byte[]. */
    public Object getField(int pos) {
        return fields[pos];
    }

    public void setField(int pos, Object value) {
        fields[pos] = value;
    }

    @Override
    public int getArity() {
        return fields.length;
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
        return fields[pos] == null;
    }

    @Override
    public boolean getBoolean(int pos) {
        return (Boolean) fields[pos];
    }

    @Override
    public byte getByte(int pos) {
        return (Byte) fields[pos];
    }

    @Override
    public short getShort(int pos) {
        return (Short) fields[pos];
    }

    @Override
    public int getInt(int pos) {
        return (Integer) fields[pos];
    }

    @Override
    public long getLong(int pos) {
        return (Long) fields[pos];
    }

    @Override
    public float getFloat(int pos) {
        return (Float) fields[pos];
    }

    @Override
    public double getDouble(int pos) {
        return (Double) fields[pos];
    }

    /** Text as it is; bytes (VARBINARY, GEOMETRY, BLOB) as UTF-8, without a copy. */
    @Override
    public StringData getString(int pos) {
        Object value = fields[pos];
        return value instanceof byte[] ? StringData.fromBytes((byte[]) value) : (StringData) value;
    }

    /**
     * Bytes as they are; text (VARCHAR, NCHAR, JSON) as its UTF-8 bytes in an array of the
     * caller's own ({@code toBytes} may hand out the string's own array, which copies share).
     */
    @Override
    public byte[] getBinary(int pos) {
        Object value = fields[pos];
        return value instanceof StringData ? ((StringData) value).toBytes().clone() : (byte[]) value;
    }

    /** The value as read, whatever {@code precision} is asked. */
    @Override
    public DecimalData getDecimal(int pos, int precision, int scale) {
        return (DecimalData) fields[pos];
    }

    /** The value as read, whatever {@code precision} is asked. */
    @Override
    public TimestampData getTimestamp(int pos, int precision) {
        return (TimestampData) fields[pos];
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> RawValueData<T> getRawValue(int pos) {
        return (RawValueData<T>) fields[pos];
    }

    @Override
    public ArrayData getArray(int pos) {
        return (ArrayData) fields[pos];
    }

    @Override
    public MapData getMap(int pos) {
        return (MapData) fields[pos];
    }

    @Override
    public RowData getRow(int pos, int numFields) {
        return (RowData) fields[pos];
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
        return kind == that.kind && Arrays.deepEquals(fields, that.fields);
    }

    @Override
    public int hashCode() {
        return 31 * kind.hashCode() + Arrays.deepHashCode(fields);
    }

    /** As {@code GenericRowData} prints: {@code +I(1,a,...)}. */
    @Override
    public String toString() {
        StringBuilder out = new StringBuilder(kind.shortString()).append('(');
        for (int i = 0; i < fields.length; i++) {
            out.append(i == 0 ? "" : ",").append(StringUtils.arrayAwareToString(fields[i]));
        }
        return out.append(')').toString();
    }
}
