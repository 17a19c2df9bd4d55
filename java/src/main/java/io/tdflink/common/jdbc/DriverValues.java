package io.tdflink.common.jdbc;

import io.tdflink.common.ErrorCodes;
import io.tdflink.common.TDengineDataType;
import io.tdflink.common.TDengineException;
import io.tdflink.common.types.TimestampTicks;
import io.tdflink.jni.NativeBatchReader;
import io.tdflink.jni.NativeColumn;

import org.apache.flink.annotation.Internal;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.time.ZoneId;

/**
 * Cell values typed as the official JDBC driver's {@code ResultSet.getObject} types them over
 * WebSocket, which is what custom deserializers written for the official connector cast to.
 */
@Internal
public final class DriverValues {
    private final ZoneId wallClockZone;
    private final boolean varcharAsString;

    public DriverValues(ZoneId wallClockZone, boolean varcharAsString) {
        this.wallClockZone = wallClockZone;
        this.varcharAsString = varcharAsString;
    }

    public Object get(NativeBatchReader batch, int c, int row) {
        if (batch.isNull(c, row)) {
            return null;
        }
        NativeColumn column = batch.schema().get(c);
        Object numeric = NumericValues.read(batch, column.type(), c, row);
        if (numeric != null) {
            return numeric;
        }
        switch (column.type()) {
            case BIGINT_UNSIGNED:
                return new BigInteger(Long.toUnsignedString(batch.getLong(c, row)));
            case TIMESTAMP:
                LocalDateTime wallClock = LocalDateTime.ofInstant(
                        TimestampTicks.toInstant(batch.getLong(c, row), column.precision()), wallClockZone);
                return Timestamp.valueOf(wallClock);
            case DECIMAL:
            case DECIMAL64:
                return new BigDecimal(batch.getString(c, row));
            case NCHAR:
                return batch.getString(c, row);
            case VARCHAR:
                return varcharAsString ? batch.getString(c, row) : batch.getBytes(c, row);
            case JSON:
            case VARBINARY:
            case GEOMETRY:
            case BLOB:
            case MEDIUMBLOB:
                return batch.getBytes(c, row);
            default:
                throw new TDengineException(
                        ErrorCodes.DRIVER_UNKNOWN_TAOS_TYPE,
                        "unknown taos type " + column.type() + " in column " + column.name());
        }
    }

    /** The class {@link #get} returns for {@code type}, as {@code getColumnClassName} reports it. */
    Class<?> javaClass(TDengineDataType type) {
        switch (type) {
            case BOOL:
                return Boolean.class;
            case TINYINT:
                return Byte.class;
            case SMALLINT:
            case TINYINT_UNSIGNED:
                return Short.class;
            case INT:
            case SMALLINT_UNSIGNED:
                return Integer.class;
            case BIGINT:
            case INT_UNSIGNED:
                return Long.class;
            case BIGINT_UNSIGNED:
                return BigInteger.class;
            case FLOAT:
                return Float.class;
            case DOUBLE:
                return Double.class;
            case TIMESTAMP:
                return Timestamp.class;
            case DECIMAL:
            case DECIMAL64:
                return BigDecimal.class;
            case NCHAR:
                return String.class;
            case VARCHAR:
                return varcharAsString ? String.class : byte[].class;
            default:
                return byte[].class;
        }
    }
}
