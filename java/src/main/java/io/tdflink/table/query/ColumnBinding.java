package io.tdflink.table.query;

import io.tdflink.common.TDengineDataType;
import io.tdflink.common.types.TimestampTicks;
import io.tdflink.jni.NativeColumn;

import org.apache.flink.annotation.Internal;
import org.apache.flink.table.data.DecimalData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.LogicalTypeRoot;

import java.io.Serializable;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Optional;

/**
 * How a value compared with one TDengine column becomes the {@link QueryParameter} bound in its
 * place: the one conversion behind pushed-down filters (literals) and lookup keys (values of
 * the probe rows). A parameter is made only when it holds the value exactly in the column's
 * kind, so {@link #bind} giving nothing means no stored value can equal it (an integer column
 * and 2.5, a FLOAT column and a DOUBLE no float holds, a millisecond column and a finer
 * timestamp).
 *
 * <p>Kinds: integer columns (BIGINT UNSIGNED aside: TDengine compares it unsigned) bind
 * BIGINT, FLOAT and DOUBLE bind DOUBLE, BOOL, VARCHAR and NCHAR text ({@code tbname} too), and
 * TIMESTAMP ticks in the column's precision. DECIMAL, JSON and binary columns have no binding.
 */
@Internal
public final class ColumnBinding implements Serializable {
    private static final long serialVersionUID = 1L;

    private final TDengineDataType type;
    private final int precision;

    private ColumnBinding(TDengineDataType type, int precision) {
        this.type = type;
        this.precision = precision;
    }

    /** The binding of {@code column}'s values, or empty when values cannot be bound against it. */
    public static Optional<ColumnBinding> of(NativeColumn column) {
        TDengineDataType type = column.type();
        boolean bindable;
        switch (type.kind()) {
            case BOOL:
            case FLOATING:
            case TIMESTAMP:
                bindable = true;
                break;
            case INTEGER: // a BIGINT parameter cannot hold every BIGINT UNSIGNED
                bindable = type != TDengineDataType.BIGINT_UNSIGNED;
                break;
            case TEXT: // JSON compares as no plain text does
                bindable = type != TDengineDataType.JSON;
                break;
            default:
                bindable = false;
        }
        return bindable ? Optional.of(new ColumnBinding(type, column.precision())) : Optional.empty();
    }

    public TDengineDataType type() {
        return type;
    }

    public boolean isText() {
        return type.kind() == TDengineDataType.Kind.TEXT;
    }

    /**
     * {@code value} as a parameter for this column, or empty when no value of the column can
     * equal it (or it is of no class the column's kind takes).
     *
     * @param value a Java value: Boolean, Byte..Long, Float, Double, BigDecimal, String, byte[]
     *     (UTF-8 text), LocalDateTime (wall clock of {@code wallClockZone}) or Instant; see
     *     {@link #fromInternal} for Flink's internal data
     */
    public Optional<QueryParameter> bind(Object value, ZoneId wallClockZone) {
        switch (type.kind()) {
            case BOOL:
                return value instanceof Boolean ? Optional.of(QueryParameter.bool((Boolean) value)) : Optional.empty();
            case FLOATING:
                return floating(value).map(QueryParameter::dbl);
            case TIMESTAMP:
                return ticks(value, wallClockZone).map(t -> QueryParameter.timestamp(t, precision));
            case TEXT:
                return text(value).map(s -> QueryParameter.text(s, type == TDengineDataType.NCHAR));
            default: // INTEGER
                return exactLong(value).map(QueryParameter::bigint);
        }
    }

    /**
     * Flink's internal data of a field of {@code type} as the Java value {@link #bind} takes:
     * StringData as String, DecimalData as BigDecimal, TimestampData as LocalDateTime
     * (TIMESTAMP) or Instant (TIMESTAMP_LTZ); anything else is already one.
     */
    public static Object fromInternal(Object internal, LogicalType type) {
        if (internal instanceof StringData) {
            return internal.toString();
        }
        if (internal instanceof DecimalData) {
            return ((DecimalData) internal).toBigDecimal();
        }
        if (internal instanceof TimestampData) {
            TimestampData timestamp = (TimestampData) internal;
            return type.getTypeRoot() == LogicalTypeRoot.TIMESTAMP_WITH_LOCAL_TIME_ZONE ? timestamp.toInstant() : timestamp.toLocalDateTime();
        }
        return internal;
    }

    /** A BIGINT parameter: integers, and numbers with an integral value in the long range. */
    private static Optional<Long> exactLong(Object value) {
        if (value instanceof Byte || value instanceof Short || value instanceof Integer || value instanceof Long) {
            return Optional.of(((Number) value).longValue());
        }
        BigDecimal decimal;
        if (value instanceof BigDecimal) {
            decimal = (BigDecimal) value;
        } else if ((value instanceof Float || value instanceof Double) && Double.isFinite(((Number) value).doubleValue())) {
            decimal = new BigDecimal(((Number) value).doubleValue());
        } else {
            return Optional.empty();
        }
        try {
            return Optional.of(decimal.longValueExact());
        } catch (ArithmeticException e) {
            return Optional.empty();
        }
    }

    /** A DOUBLE parameter; for a FLOAT column only a value a float holds exactly compares alike. */
    private Optional<Double> floating(Object value) {
        if (!(value instanceof Number)) {
            return Optional.empty();
        }
        double d = ((Number) value).doubleValue();
        if (value instanceof BigDecimal && new BigDecimal(d).compareTo((BigDecimal) value) != 0) {
            return Optional.empty();
        }
        return type == TDengineDataType.FLOAT && (double) (float) d != d ? Optional.empty() : Optional.of(d);
    }

    /** Ticks in the column's precision, when the value has no finer digits. */
    private Optional<Long> ticks(Object value, ZoneId wallClockZone) {
        Instant instant;
        if (value instanceof LocalDateTime) {
            instant = ((LocalDateTime) value).atZone(wallClockZone).toInstant();
        } else if (value instanceof Instant) {
            instant = (Instant) value;
        } else {
            return Optional.empty();
        }
        long unitNanos = precision == 0 ? 1_000_000L : precision == 1 ? 1_000L : 1L;
        if (instant.getNano() % unitNanos != 0) {
            return Optional.empty();
        }
        try {
            return Optional.of(TimestampTicks.fromInstant(instant, precision));
        } catch (ArithmeticException e) {
            return Optional.empty();
        }
    }

    /** Text, or bytes that are UTF-8 text (other bytes equal no text). */
    private static Optional<String> text(Object value) {
        if (value instanceof String) {
            return Optional.of((String) value);
        }
        if (value instanceof byte[]) {
            try {
                return Optional.of(StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap((byte[]) value)).toString());
            } catch (CharacterCodingException e) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return type.toString();
    }
}
