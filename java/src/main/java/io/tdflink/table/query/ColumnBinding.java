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
 * How a value compared with one column becomes the {@link QueryParameter} bound in its place:
 * the one conversion behind pushed-down filters (literals) and lookup keys (values of the probe
 * rows). The kind of parameter follows the column's declared Flink type, the value Flink
 * compares; TDengine's column adds what the declaration cannot tell (the timestamp precision,
 * NCHAR text). A parameter is made only when it holds the value exactly in that kind, so
 * {@link #bind} giving nothing means no value Flink reads from the column can equal it (an
 * integer column and 2.5, a FLOAT column and a DOUBLE no float holds, a millisecond column and
 * a finer timestamp).
 *
 * <p>Kinds: integer types bind BIGINT, FLOAT and DOUBLE bind DOUBLE (FLOAT only what a float
 * holds), BOOLEAN BOOL, character strings VARCHAR or NCHAR text (of VARCHAR and NCHAR columns
 * and {@code tbname}: JSON compares as no plain text does), and TIMESTAMP ticks in the
 * column's precision. DECIMAL and byte strings have no binding.
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

    /** The binding of values compared with {@code column}, declared as {@code declared}, or empty when there is none. */
    public static Optional<ColumnBinding> of(LogicalType declared, NativeColumn column) {
        TDengineDataType kind = kindOf(declared);
        if (kind == null) {
            return Optional.empty();
        }
        if (kind == TDengineDataType.VARCHAR) {
            if (column.type() != TDengineDataType.VARCHAR && column.type() != TDengineDataType.NCHAR) {
                return Optional.empty();
            }
            kind = column.type();
        }
        return Optional.of(new ColumnBinding(kind, column.precision()));
    }

    /**
     * The binding as far as the declaration tells, before TDengine's columns are known (when a
     * filter is planned): timestamps in milliseconds, which every precision holds exactly, and
     * text as VARCHAR. A value it binds binds against every column the declaration can read.
     */
    public static Optional<ColumnBinding> declared(LogicalType declared) {
        return Optional.ofNullable(kindOf(declared)).map(kind -> new ColumnBinding(kind, 0));
    }

    /** The parameter type a declared type binds as (VARCHAR for all text), or null. */
    private static TDengineDataType kindOf(LogicalType declared) {
        switch (declared.getTypeRoot()) {
            case BOOLEAN:
                return TDengineDataType.BOOL;
            case TINYINT:
            case SMALLINT:
            case INTEGER:
            case BIGINT:
                return TDengineDataType.BIGINT;
            case FLOAT:
                return TDengineDataType.FLOAT;
            case DOUBLE:
                return TDengineDataType.DOUBLE;
            case TIMESTAMP_WITHOUT_TIME_ZONE:
            case TIMESTAMP_WITH_LOCAL_TIME_ZONE:
                return TDengineDataType.TIMESTAMP;
            case CHAR:
            case VARCHAR:
                return TDengineDataType.VARCHAR;
            default:
                return null;
        }
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
            return type.getTypeRoot() == LogicalTypeRoot.TIMESTAMP_WITH_LOCAL_TIME_ZONE
                    ? timestamp.toInstant()
                    : timestamp.toLocalDateTime();
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
        } else if ((value instanceof Float || value instanceof Double)
                && Double.isFinite(((Number) value).doubleValue())) {
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

    /** A DOUBLE parameter; for a FLOAT field only a value a float holds exactly compares alike. */
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
                return Optional.of(StandardCharsets.UTF_8
                        .newDecoder()
                        .decode(ByteBuffer.wrap((byte[]) value))
                        .toString());
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
