package io.tdflink.table.query;

import io.tdflink.common.TDengineDataType;
import io.tdflink.jni.NativeBatchWriter;
import io.tdflink.jni.NativeColumn;

import org.apache.flink.annotation.Internal;

import java.io.Serializable;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One value bound to a {@code ?} of a pushed-down query: a value never becomes SQL text. Kinds:
 * BOOL, BIGINT (every integer column), DOUBLE (FLOAT and DOUBLE columns), VARCHAR or NCHAR text,
 * and TIMESTAMP ticks in the database's precision.
 */
@Internal
public final class QueryParameter implements Serializable {
    private static final long serialVersionUID = 1L;

    private final TDengineDataType type;
    private final int precision;
    private final Object value;

    private QueryParameter(TDengineDataType type, int precision, Object value) {
        this.type = type;
        this.precision = precision;
        this.value = Objects.requireNonNull(value);
    }

    public static QueryParameter bool(boolean value) {
        return new QueryParameter(TDengineDataType.BOOL, 0, value);
    }

    public static QueryParameter bigint(long value) {
        return new QueryParameter(TDengineDataType.BIGINT, 0, value);
    }

    public static QueryParameter dbl(double value) {
        return new QueryParameter(TDengineDataType.DOUBLE, 0, value);
    }

    /** Text for a VARCHAR ({@code nchar} false) or NCHAR column. */
    public static QueryParameter text(String value, boolean nchar) {
        return new QueryParameter(nchar ? TDengineDataType.NCHAR : TDengineDataType.VARCHAR, 0, value);
    }

    /** @param precision the database's TIMESTAMP precision code (0 ms, 1 µs, 2 ns) */
    public static QueryParameter timestamp(long ticks, int precision) {
        return new QueryParameter(TDengineDataType.TIMESTAMP, precision, ticks);
    }

    /** {@code parameters} as the one-row batch the native query binds (empty when there are none). */
    public static byte[] encode(List<QueryParameter> parameters) {
        if (parameters.isEmpty()) {
            return new byte[0];
        }
        List<NativeColumn> schema = new ArrayList<>();
        for (int i = 0; i < parameters.size(); i++) {
            QueryParameter p = parameters.get(i);
            schema.add(new NativeColumn("p" + i, p.type, p.precision, 0, Math.max(p.type.fixedSize(), 0)));
        }
        NativeBatchWriter batch = new NativeBatchWriter(schema);
        for (int i = 0; i < parameters.size(); i++) {
            parameters.get(i).appendTo(batch, i);
        }
        ByteBuffer buffer = ByteBuffer.allocate(batch.encodedSize());
        return Arrays.copyOf(buffer.array(), batch.encodeTo(buffer));
    }

    private void appendTo(NativeBatchWriter batch, int column) {
        switch (type) {
            case BOOL:
                batch.appendBoolean(column, (Boolean) value);
                break;
            case BIGINT:
            case TIMESTAMP:
                batch.appendLong(column, (Long) value);
                break;
            case DOUBLE:
                batch.appendDouble(column, (Double) value);
                break;
            default: // VARCHAR, NCHAR
                batch.appendString(column, (String) value);
        }
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof QueryParameter)) {
            return false;
        }
        QueryParameter other = (QueryParameter) o;
        return type == other.type && precision == other.precision && value.equals(other.value);
    }

    @Override
    public int hashCode() {
        return Objects.hash(type, precision, value);
    }

    /** The type only: values come from the user's query and stay out of logs. */
    @Override
    public String toString() {
        return "?" + type;
    }
}
