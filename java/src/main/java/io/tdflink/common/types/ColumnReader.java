package io.tdflink.common.types;

import io.tdflink.common.TDengineDataType;
import io.tdflink.jni.NativeBatchReader;
import io.tdflink.jni.NativeColumn;

import org.apache.flink.annotation.Internal;
import org.apache.flink.table.data.DecimalData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.types.logical.DecimalType;
import org.apache.flink.table.types.logical.LogicalType;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneRules;

/**
 * Reads the non-NULL cells of one batch column as Flink's internal value for a declared type,
 * chosen once per column so the per-row work is a switch-free call: {@link #read} boxed (a
 * row's field), or unboxed by the typed getter of the declared type (a columnar row view's
 * getter), which each reader overrides; any other getter casts the boxed value, failing as a
 * materialized row's getter would. Only pairs that
 * {@link TDengineTypeMapping#readProblem} accepts are built.
 */
@Internal
public abstract class ColumnReader {
    private ColumnReader() {} // the readers below are all there are

    /** The cell as the declared type's internal value, boxed. */
    public abstract Object read(NativeBatchReader batch, int column, int row);

    public boolean readBoolean(NativeBatchReader batch, int column, int row) {
        return (Boolean) read(batch, column, row);
    }

    public byte readByte(NativeBatchReader batch, int column, int row) {
        return (Byte) read(batch, column, row);
    }

    public short readShort(NativeBatchReader batch, int column, int row) {
        return (Short) read(batch, column, row);
    }

    public int readInt(NativeBatchReader batch, int column, int row) {
        return (Integer) read(batch, column, row);
    }

    public long readLong(NativeBatchReader batch, int column, int row) {
        return (Long) read(batch, column, row);
    }

    public float readFloat(NativeBatchReader batch, int column, int row) {
        return (Float) read(batch, column, row);
    }

    public double readDouble(NativeBatchReader batch, int column, int row) {
        return (Double) read(batch, column, row);
    }

    public DecimalData readDecimal(NativeBatchReader batch, int column, int row) {
        return (DecimalData) read(batch, column, row);
    }

    public TimestampData readTimestamp(NativeBatchReader batch, int column, int row) {
        return (TimestampData) read(batch, column, row);
    }

    /** Text as it is; bytes as UTF-8, as {@link io.tdflink.common.data.TDengineRowData#getString} reads them. */
    public StringData readString(NativeBatchReader batch, int column, int row) {
        return (StringData) read(batch, column, row);
    }

    /** Bytes, or text as UTF-8, in an array of the caller's own. */
    public byte[] readBinary(NativeBatchReader batch, int column, int row) {
        return (byte[]) read(batch, column, row);
    }

    /**
     * @param wallClockZone the zone whose wall clock a TIMESTAMP (without time zone) shows
     * @throws IllegalArgumentException for a pair {@link TDengineTypeMapping#readProblem} rejects
     */
    public static ColumnReader of(NativeColumn source, LogicalType declared, ZoneId wallClockZone) {
        String problem = TDengineTypeMapping.readProblem(source, declared);
        if (problem != null) {
            throw new IllegalArgumentException("column " + source.name() + " (" + source.type() + ") cannot be read as "
                    + declared.asSummaryString() + ": " + problem);
        }
        TDengineDataType type = source.type();
        switch (declared.getTypeRoot()) {
            case BOOLEAN:
                return new ColumnReader() {
                    @Override
                    public boolean readBoolean(NativeBatchReader b, int c, int r) {
                        return b.getBoolean(c, r);
                    }

                    @Override
                    public Object read(NativeBatchReader b, int c, int r) {
                        return readBoolean(b, c, r);
                    }
                };
            case TINYINT:
                return new ColumnReader() {
                    private final IntegerCell cell = integer(type);

                    @Override
                    public byte readByte(NativeBatchReader b, int c, int r) {
                        return (byte) cell.read(b, c, r);
                    }

                    @Override
                    public Object read(NativeBatchReader b, int c, int r) {
                        return readByte(b, c, r);
                    }
                };
            case SMALLINT:
                return new ColumnReader() {
                    private final IntegerCell cell = integer(type);

                    @Override
                    public short readShort(NativeBatchReader b, int c, int r) {
                        return (short) cell.read(b, c, r);
                    }

                    @Override
                    public Object read(NativeBatchReader b, int c, int r) {
                        return readShort(b, c, r);
                    }
                };
            case INTEGER:
                return new ColumnReader() {
                    private final IntegerCell cell = integer(type);

                    @Override
                    public int readInt(NativeBatchReader b, int c, int r) {
                        return (int) cell.read(b, c, r);
                    }

                    @Override
                    public Object read(NativeBatchReader b, int c, int r) {
                        return readInt(b, c, r);
                    }
                };
            case BIGINT:
                return new ColumnReader() {
                    private final IntegerCell cell = integer(type);

                    @Override
                    public long readLong(NativeBatchReader b, int c, int r) {
                        return cell.read(b, c, r);
                    }

                    @Override
                    public Object read(NativeBatchReader b, int c, int r) {
                        return readLong(b, c, r);
                    }
                };
            case FLOAT:
                return new ColumnReader() {
                    private final FloatCell cell =
                            type == TDengineDataType.FLOAT ? NativeBatchReader::getFloat : integer(type)::read;

                    @Override
                    public float readFloat(NativeBatchReader b, int c, int r) {
                        return cell.read(b, c, r);
                    }

                    @Override
                    public Object read(NativeBatchReader b, int c, int r) {
                        return readFloat(b, c, r);
                    }
                };
            case DOUBLE:
                return new ColumnReader() {
                    private final DoubleCell cell = type == TDengineDataType.DOUBLE
                            ? NativeBatchReader::getDouble
                            : type == TDengineDataType.FLOAT ? NativeBatchReader::getFloat : integer(type)::read;

                    @Override
                    public double readDouble(NativeBatchReader b, int c, int r) {
                        return cell.read(b, c, r);
                    }

                    @Override
                    public Object read(NativeBatchReader b, int c, int r) {
                        return readDouble(b, c, r);
                    }
                };
            case DECIMAL:
                return new ColumnReader() {
                    private final DecimalCell cell = decimal(type, (DecimalType) declared);

                    @Override
                    public DecimalData readDecimal(NativeBatchReader b, int c, int r) {
                        return cell.read(b, c, r);
                    }

                    @Override
                    public Object read(NativeBatchReader b, int c, int r) {
                        return readDecimal(b, c, r);
                    }
                };
            case TIMESTAMP_WITHOUT_TIME_ZONE:
                return timestamp(source.precision(), wallClockZone.getRules());
            case TIMESTAMP_WITH_LOCAL_TIME_ZONE:
                return timestamp(source.precision(), ZoneOffset.UTC.getRules());
            case CHAR:
            case VARCHAR:
                return new VarWidth() {
                    @Override
                    public Object read(NativeBatchReader b, int c, int r) {
                        return readString(b, c, r);
                    }
                };
            default: // BINARY, VARBINARY
                return new VarWidth() {
                    @Override
                    public Object read(NativeBatchReader b, int c, int r) {
                        return readBinary(b, c, r);
                    }
                };
        }
    }

    private static ColumnReader timestamp(int precision, ZoneRules zone) {
        return new ColumnReader() {
            @Override
            public TimestampData readTimestamp(NativeBatchReader b, int c, int r) {
                return TimestampTicks.toTimestampData(b.getLong(c, r), precision, zone);
            }

            @Override
            public Object read(NativeBatchReader b, int c, int r) {
                return readTimestamp(b, c, r);
            }
        };
    }

    /** Text and bytes answer both getters, as in Flink's binary rows (both are bytes there). */
    private abstract static class VarWidth extends ColumnReader {
        /** A slice of the batch's one heap copy of the column: no copy per value. */
        @Override
        public StringData readString(NativeBatchReader b, int c, int r) {
            return StringData.fromBytes(b.varData(c), b.varOffset(c, r), b.varLength(c, r));
        }

        @Override
        public byte[] readBinary(NativeBatchReader b, int c, int r) {
            return b.getBytes(c, r);
        }
    }

    /** An integer cell as a long, read as chosen once per column. */
    @FunctionalInterface
    private interface IntegerCell {
        long read(NativeBatchReader batch, int column, int row);
    }

    /** Integer cells as longs; unsigned values are widened, never negative (BIGINT UNSIGNED aside). */
    private static IntegerCell integer(TDengineDataType type) {
        switch (type) {
            case TINYINT:
                return NativeBatchReader::getByte;
            case SMALLINT:
                return NativeBatchReader::getShort;
            case INT:
                return NativeBatchReader::getInt;
            case TINYINT_UNSIGNED:
                return (b, c, r) -> Byte.toUnsignedInt(b.getByte(c, r));
            case SMALLINT_UNSIGNED:
                return (b, c, r) -> Short.toUnsignedInt(b.getShort(c, r));
            case INT_UNSIGNED:
                return (b, c, r) -> Integer.toUnsignedLong(b.getInt(c, r));
            default: // BIGINT, BIGINT UNSIGNED (as its bits)
                return NativeBatchReader::getLong;
        }
    }

    /** The cells of a FLOAT column, or of an integer column read as FLOAT. */
    @FunctionalInterface
    private interface FloatCell {
        float read(NativeBatchReader batch, int column, int row);
    }

    /** The cells of a DOUBLE column, or of a FLOAT or integer column read as DOUBLE. */
    @FunctionalInterface
    private interface DoubleCell {
        double read(NativeBatchReader batch, int column, int row);
    }

    @FunctionalInterface
    private interface DecimalCell {
        DecimalData read(NativeBatchReader batch, int column, int row);
    }

    private static DecimalCell decimal(TDengineDataType type, DecimalType declared) {
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
                IntegerCell cell = integer(type);
                return (b, c, r) -> DecimalData.fromBigDecimal(
                        BigDecimal.valueOf(cell.read(b, c, r)).setScale(scale), precision, scale);
        }
    }
}
