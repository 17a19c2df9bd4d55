package io.tdflink.sink.writer;

import io.tdflink.common.ErrorCodes;
import io.tdflink.common.TDengineDataType;
import io.tdflink.common.TDengineException;
import io.tdflink.common.types.TimestampTicks;
import io.tdflink.jni.NativeBatchWriter;
import io.tdflink.sink.entity.SinkMetaInfo;

import org.apache.flink.annotation.Internal;
import org.apache.flink.table.data.DecimalData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;

/**
 * Appends one value to one column of a write batch, checked against the target column: numbers
 * must fit (unsigned ones must not be negative), text and binary must fit the declared width,
 * DECIMAL must fit its digits. Accepts Flink's internal forms (StringData, TimestampData,
 * DecimalData) and plain Java values (String, Timestamp, LocalDateTime, Instant, BigDecimal,
 * BigInteger, any Number, byte[]). A value that does not fit is error 0x2303 naming the
 * table, the column and the value; nothing is truncated or dropped.
 */
@Internal
final class SinkColumnWriter {
    private static final BigInteger UNSIGNED_BIGINT_MAX =
            BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

    private final String table;
    private final SinkMetaInfo field;
    private final TDengineDataType type;
    private final ZoneId wallClockZone;

    SinkColumnWriter(String table, SinkMetaInfo field, ZoneId wallClockZone) {
        this.table = table;
        this.field = field;
        this.type = TDengineDataType.fromCode(field.getFieldType().getTypeNo());
        this.wallClockZone = wallClockZone;
    }

    TDengineDataType type() {
        return type;
    }

    void append(NativeBatchWriter batch, int column, Object value) {
        if (value == null) {
            batch.appendNull(column);
            return;
        }
        try {
            appendValue(batch, column, value);
        } catch (ClassCastException e) {
            throw invalid(
                    value,
                    "cannot be written as " + field.getFieldType().getTypeName() + ": it is a "
                            + value.getClass().getName());
        } catch (ArithmeticException | IllegalArgumentException e) {
            throw invalid(value, "cannot be written as " + field.getFieldType().getTypeName() + ": " + e.getMessage());
        }
    }

    private void appendValue(NativeBatchWriter batch, int column, Object value) {
        switch (type) {
            case BOOL:
                batch.appendBoolean(column, (Boolean) value);
                break;
            case TINYINT:
                batch.appendByte(column, (byte) integer(value, Byte.MIN_VALUE, Byte.MAX_VALUE));
                break;
            case SMALLINT:
                batch.appendShort(column, (short) integer(value, Short.MIN_VALUE, Short.MAX_VALUE));
                break;
            case INT:
                batch.appendInt(column, (int) integer(value, Integer.MIN_VALUE, Integer.MAX_VALUE));
                break;
            case BIGINT:
                batch.appendLong(column, integer(value, Long.MIN_VALUE, Long.MAX_VALUE));
                break;
            case TINYINT_UNSIGNED:
                batch.appendByte(column, (byte) integer(value, 0, 0xFF));
                break;
            case SMALLINT_UNSIGNED:
                batch.appendShort(column, (short) integer(value, 0, 0xFFFF));
                break;
            case INT_UNSIGNED:
                batch.appendInt(column, (int) integer(value, 0, 0xFFFF_FFFFL));
                break;
            case BIGINT_UNSIGNED:
                batch.appendLong(column, unsignedLong(value));
                break;
            case FLOAT:
                batch.appendFloat(column, ((Number) value).floatValue());
                break;
            case DOUBLE:
                batch.appendDouble(column, ((Number) value).doubleValue());
                break;
            case TIMESTAMP:
                batch.appendLong(column, epochNanos(value));
                break;
            case VARCHAR:
            case JSON:
                batch.appendBytes(column, checkBytes(utf8(value), value));
                break;
            case NCHAR:
                String nchar = text(value);
                if (field.getLength() > 0 && nchar.codePointCount(0, nchar.length()) > field.getLength()) {
                    throw invalid(value, "is longer than NCHAR(" + field.getLength() + ")");
                }
                batch.appendString(column, nchar);
                break;
            case VARBINARY:
            case GEOMETRY:
            case BLOB:
            case MEDIUMBLOB:
                batch.appendBytes(column, checkBytes((byte[]) value, value));
                break;
            case DECIMAL:
            case DECIMAL64:
                batch.appendString(column, decimal(value).toPlainString());
                break;
            default:
                throw invalid(value, "has an unsupported column type " + type);
        }
    }

    private long integer(Object value, long min, long max) {
        long v;
        if (value instanceof Boolean) {
            v = (Boolean) value ? 1 : 0;
        } else if (value instanceof BigDecimal || value instanceof DecimalData || value instanceof BigInteger) {
            v = decimal(value).longValueExact();
        } else {
            Number n = (Number) value;
            if (n instanceof Float || n instanceof Double) {
                throw invalid(value, "is not an integer");
            }
            v = n.longValue();
        }
        if (v < min || v > max) {
            throw invalid(value, "is out of range [" + min + ", " + max + "]");
        }
        return v;
    }

    private long unsignedLong(Object value) {
        BigInteger v = value instanceof Number && !(value instanceof BigDecimal) && !(value instanceof BigInteger)
                ? BigInteger.valueOf(((Number) value).longValue())
                : decimal(value).toBigIntegerExact();
        if (v.signum() < 0 || v.compareTo(UNSIGNED_BIGINT_MAX) > 0) {
            throw invalid(value, "is out of range [0, " + UNSIGNED_BIGINT_MAX + "]");
        }
        return v.longValue();
    }

    private BigDecimal decimal(Object value) {
        if (value instanceof DecimalData) {
            return ((DecimalData) value).toBigDecimal();
        }
        if (value instanceof BigDecimal) {
            return (BigDecimal) value;
        }
        if (value instanceof BigInteger) {
            return new BigDecimal((BigInteger) value);
        }
        if (value instanceof Number) {
            return new BigDecimal(value.toString());
        }
        return new BigDecimal(text(value).trim());
    }

    /** Nanoseconds since the epoch; Rust rescales to the database precision. */
    private long epochNanos(Object value) {
        Instant instant;
        if (value instanceof TimestampData) {
            return TimestampTicks.wallClockToEpochNanos((TimestampData) value, wallClockZone);
        } else if (value instanceof Timestamp) {
            instant =
                    ((Timestamp) value).toLocalDateTime().atZone(wallClockZone).toInstant();
        } else if (value instanceof LocalDateTime) {
            instant = ((LocalDateTime) value).atZone(wallClockZone).toInstant();
        } else if (value instanceof Instant) {
            instant = (Instant) value;
        } else if (value instanceof Long) {
            instant = Instant.ofEpochMilli((Long) value);
        } else {
            throw invalid(
                    value,
                    "is not a timestamp (TimestampData, Timestamp, LocalDateTime, Instant or epoch milliseconds)");
        }
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000_000L), instant.getNano());
    }

    /** Text as UTF-8: StringData keeps its bytes, so it is not decoded and encoded again. */
    private static byte[] utf8(Object value) {
        if (value instanceof StringData) {
            return ((StringData) value).toBytes();
        }
        return value instanceof byte[] ? (byte[]) value : text(value).getBytes(StandardCharsets.UTF_8);
    }

    private static String text(Object value) {
        if (value instanceof StringData || value instanceof String) {
            return value.toString();
        }
        if (value instanceof byte[]) {
            return new String((byte[]) value, StandardCharsets.UTF_8);
        }
        throw new ClassCastException(value.getClass().getName() + " is not text");
    }

    private byte[] checkBytes(byte[] bytes, Object value) {
        if (field.getLength() > 0 && bytes.length > field.getLength()) {
            throw invalid(
                    value,
                    "is " + bytes.length + " bytes, longer than "
                            + field.getFieldType().getTypeName() + "(" + field.getLength() + ")");
        }
        return bytes;
    }

    TDengineException invalid(Object value, String problem) {
        return new TDengineException(
                ErrorCodes.DRIVER_INVALID_VARIABLE,
                "table " + table + ", column " + field.getFieldName() + ": value " + shown(value) + " " + problem);
    }

    private static String shown(Object value) {
        if (value == null) {
            return "NULL";
        }
        String text = value instanceof byte[] ? ((byte[]) value).length + " bytes" : "'" + value + "'";
        return text.length() > 80 ? text.substring(0, 77) + "...'" : text;
    }
}
