package io.tdflink.common.jdbc;

import io.tdflink.common.ErrorCodes;

import org.apache.flink.annotation.Internal;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.sql.SQLDataException;

/**
 * How the JDBC driver's TMQ result set turns a cell's {@code getObject} value into the type a
 * typed getter asks for: integers narrow with a range check, floating values truncate, text is
 * parsed, BOOL reads as 1 or 0. Every argument is non-null (NULL is handled by the caller), and a
 * TIMESTAMP comes as its ticks ({@link BatchResultSet} passes them).
 *
 * <p>Three deliberate departures, where the driver gives a wrong value or an unchecked exception
 * (TmqResultSetConformanceITCase compares the rest getter by getter): a DECIMAL converts like any
 * number (the driver's numeric getters return 0 for it); GEOMETRY's numeric getters throw (the
 * driver returns 0); text that does not parse throws {@link SQLDataException} (the driver lets
 * NumberFormatException out). Out-of-range values throw {@link SQLDataException}, a subclass of
 * the driver's {@link java.sql.SQLException}, with its code.
 */
@Internal
final class DriverConversions {

    private DriverConversions() {}

    static String toText(Object value) {
        return value instanceof byte[] ? new String((byte[]) value, StandardCharsets.UTF_8) : value.toString();
    }

    static boolean toBoolean(Object value) throws SQLDataException {
        if (value instanceof Boolean) {
            return (Boolean) value;
        }
        if (value instanceof Number) {
            return toBigDecimal(value).signum() != 0;
        }
        String text = toText(value);
        if ("true".equalsIgnoreCase(text) || "false".equalsIgnoreCase(text)) {
            return Boolean.parseBoolean(text);
        }
        throw new SQLDataException("'" + text + "' is neither true nor false");
    }

    /** An integer value within [{@code min}, {@code max}]; {@code jdbcType} names the getter's type in the error. */
    static long toLong(Object value, long min, long max, String jdbcType) throws SQLDataException {
        BigDecimal exact = toBigDecimal(value);
        if (exact.compareTo(BigDecimal.valueOf(min)) < 0 || exact.compareTo(BigDecimal.valueOf(max)) > 0) {
            throw new SQLDataException(
                    "'" + toText(value) + "' is outside valid range for the jdbcType " + jdbcType,
                    "22003",
                    ErrorCodes.DRIVER_NUMERIC_VALUE_OUT_OF_RANGE);
        }
        return exact.longValue();
    }

    /** A DOUBLE beyond FLOAT's range becomes an infinity, as the driver casts without a check. */
    static float toFloat(Object value) throws SQLDataException {
        return value instanceof Float ? (Float) value : (float) toDouble(value);
    }

    /** A FLOAT widens exactly, as in the driver: 0.1f reads as 0.10000000149011612. */
    static double toDouble(Object value) throws SQLDataException {
        return value instanceof Float || value instanceof Double
                ? ((Number) value).doubleValue()
                : toBigDecimal(value).doubleValue();
    }

    static BigDecimal toBigDecimal(Object value) throws SQLDataException {
        if (value instanceof BigDecimal) {
            return (BigDecimal) value;
        }
        if (value instanceof BigInteger) {
            return new BigDecimal((BigInteger) value);
        }
        if (value instanceof Float || value instanceof Double) {
            double d = ((Number) value).doubleValue();
            if (!Double.isFinite(d)) {
                throw new SQLDataException("'" + value + "' has no decimal value");
            }
            // As the driver: BigDecimal.valueOf(double), a FLOAT widened first (0.1f → 0.10000000149011612).
            return BigDecimal.valueOf(d);
        }
        if (value instanceof Number) {
            return BigDecimal.valueOf(((Number) value).longValue());
        }
        if (value instanceof Boolean) {
            return (Boolean) value ? BigDecimal.ONE : BigDecimal.ZERO;
        }
        String text = toText(value).trim();
        try {
            return new BigDecimal(text);
        } catch (NumberFormatException e) {
            throw new SQLDataException("'" + text + "' is not a number", e);
        }
    }

    /** Text and binary values as they are, integers big-endian as the driver encodes them, the rest as text. */
    static byte[] toBytes(Object value) {
        if (value instanceof byte[]) {
            return (byte[]) value;
        }
        if (value instanceof Long) {
            return ByteBuffer.allocate(Long.BYTES).putLong((Long) value).array();
        }
        if (value instanceof Integer) {
            return ByteBuffer.allocate(Integer.BYTES).putInt((Integer) value).array();
        }
        if (value instanceof Short) {
            return ByteBuffer.allocate(Short.BYTES).putShort((Short) value).array();
        }
        if (value instanceof Byte) {
            return new byte[] {(Byte) value};
        }
        return value.toString().getBytes(StandardCharsets.UTF_8);
    }
}
