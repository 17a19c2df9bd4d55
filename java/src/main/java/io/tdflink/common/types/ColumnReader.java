package io.tdflink.common.types;

import io.tdflink.common.TDengineDataType;
import io.tdflink.jni.NativeBatchReader;
import io.tdflink.jni.NativeColumn;

import org.apache.flink.annotation.Internal;
import org.apache.flink.table.data.DecimalData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.types.logical.DecimalType;
import org.apache.flink.table.types.logical.LogicalType;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneRules;

/**
 * Reads the non-NULL cells of one batch column as Flink's internal value for a declared type,
 * chosen once per column so the per-row work is a switch-free call. Only pairs that
 * {@link TDengineTypeMapping#readProblem} accepts are built.
 */
@Internal
@FunctionalInterface
public interface ColumnReader {
    Object read(NativeBatchReader batch, int column, int row);

    /**
     * @param wallClockZone the zone whose wall clock a TIMESTAMP (without time zone) shows
     * @throws IllegalArgumentException for a pair {@link TDengineTypeMapping#readProblem} rejects
     */
    static ColumnReader of(NativeColumn source, LogicalType declared, ZoneId wallClockZone) {
        String problem = TDengineTypeMapping.readProblem(source, declared);
        if (problem != null) {
            throw new IllegalArgumentException("column " + source.name() + " (" + source.type() + ") cannot be read as "
                    + declared.asSummaryString() + ": " + problem);
        }
        TDengineDataType type = source.type();
        switch (declared.getTypeRoot()) {
            case BOOLEAN:
                return NativeBatchReader::getBoolean;
            case TINYINT:
                return (b, c, r) -> (byte) integer(b, type, c, r);
            case SMALLINT:
                return (b, c, r) -> (short) integer(b, type, c, r);
            case INTEGER:
                return (b, c, r) -> (int) integer(b, type, c, r);
            case BIGINT:
                return (b, c, r) -> integer(b, type, c, r);
            case FLOAT:
                return type == TDengineDataType.FLOAT
                        ? NativeBatchReader::getFloat
                        : (b, c, r) -> (float) integer(b, type, c, r);
            case DOUBLE:
                if (type == TDengineDataType.DOUBLE) {
                    return NativeBatchReader::getDouble;
                }
                return type == TDengineDataType.FLOAT
                        ? (b, c, r) -> (double) b.getFloat(c, r)
                        : (b, c, r) -> (double) integer(b, type, c, r);
            case DECIMAL:
                return decimal(type, (DecimalType) declared);
            case TIMESTAMP_WITHOUT_TIME_ZONE:
                return timestamp(source.precision(), wallClockZone.getRules());
            case TIMESTAMP_WITH_LOCAL_TIME_ZONE:
                return timestamp(source.precision(), ZoneOffset.UTC.getRules());
            case CHAR:
            case VARCHAR:
                // A slice of the column's one heap copy per batch: no copy per value.
                return (b, c, r) -> StringData.fromBytes(b.varData(c), b.varOffset(c, r), b.varLength(c, r));
            default: // BINARY, VARBINARY
                return NativeBatchReader::getBytes;
        }
    }

    /** An integer cell as a long; unsigned values are widened, never negative (BIGINT UNSIGNED aside). */
    static long integer(NativeBatchReader batch, TDengineDataType type, int column, int row) {
        switch (type) {
            case TINYINT:
                return batch.getByte(column, row);
            case SMALLINT:
                return batch.getShort(column, row);
            case INT:
                return batch.getInt(column, row);
            case TINYINT_UNSIGNED:
                return Byte.toUnsignedInt(batch.getByte(column, row));
            case SMALLINT_UNSIGNED:
                return Short.toUnsignedInt(batch.getShort(column, row));
            case INT_UNSIGNED:
                return Integer.toUnsignedLong(batch.getInt(column, row));
            default: // BIGINT, BIGINT UNSIGNED (as its bits)
                return batch.getLong(column, row);
        }
    }

    private static ColumnReader timestamp(int precision, ZoneRules zone) {
        return (b, c, r) -> TimestampTicks.toTimestampData(b.getLong(c, r), precision, zone);
    }

    private static ColumnReader decimal(TDengineDataType type, DecimalType declared) {
        int precision = declared.getPrecision();
        int scale = declared.getScale();
        switch (type) {
            case DECIMAL:
            case DECIMAL64:
                // DECIMAL travels as its text; the declared scale is never smaller, so nothing rounds.
                return (b, c, r) -> DecimalData.fromBigDecimal(
                        new BigDecimal(b.getString(c, r)).setScale(scale, RoundingMode.UNNECESSARY), precision, scale);
            case BIGINT_UNSIGNED:
                return (b, c, r) -> DecimalData.fromBigDecimal(
                        new BigDecimal(Long.toUnsignedString(b.getLong(c, r))).setScale(scale), precision, scale);
            default:
                return (b, c, r) -> DecimalData.fromBigDecimal(
                        BigDecimal.valueOf(integer(b, type, c, r)).setScale(scale), precision, scale);
        }
    }
}
