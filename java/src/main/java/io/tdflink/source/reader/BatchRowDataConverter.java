package io.tdflink.source.reader;

import io.tdflink.common.types.TimestampTicks;
import io.tdflink.common.TDengineDataType;
import io.tdflink.common.TDengineException;
import io.tdflink.jni.NativeBatchReader;
import io.tdflink.jni.NativeColumn;

import org.apache.flink.annotation.Internal;
import org.apache.flink.table.data.DecimalData;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;

import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;

/**
 * Turns the rows of a native batch into Flink {@link RowData}, column by column, with no
 * native call per row or field.
 *
 * <p>Type mapping: BOOL → BOOLEAN; TINYINT..BIGINT → the same; unsigned types are widened so
 * no value turns negative (TINYINT UNSIGNED → SMALLINT, SMALLINT UNSIGNED → INT, INT UNSIGNED →
 * BIGINT, BIGINT UNSIGNED → DECIMAL(20, 0)); FLOAT, DOUBLE → the same; DECIMAL(p, s) →
 * DECIMAL(p, s); VARCHAR/BINARY, NCHAR, JSON → STRING (the UTF-8 bytes are used as they are);
 * VARBINARY, GEOMETRY (WKB), BLOB → BYTES; TIMESTAMP → TIMESTAMP(9) with every digit of µs
 * and ns precision kept.
 *
 * <p>Time zones: a TIMESTAMP value is an instant. It becomes the wall-clock time of that
 * instant in {@code wallClockZone} ({@link io.tdflink.common.TimeZones#wallClockZone}: the
 * {@code timezone} property, else the JVM's zone as in the official connector).
 */
@Internal
public final class BatchRowDataConverter {
    private final ZoneId wallClockZone;

    public BatchRowDataConverter(ZoneId wallClockZone) {
        this.wallClockZone = wallClockZone;
    }

    /** Converts row {@code row} of {@code batch}. */
    public RowData convert(NativeBatchReader batch, int row) {
        List<NativeColumn> schema = batch.schema();
        GenericRowData out = new GenericRowData(schema.size());
        for (int c = 0; c < schema.size(); c++) {
            out.setField(c, batch.isNull(c, row) ? null : value(batch, schema.get(c), c, row));
        }
        return out;
    }

    private Object value(NativeBatchReader batch, NativeColumn column, int c, int row) {
        TDengineDataType type = column.type();
        Object numeric = NumericValues.read(batch, type, c, row);
        if (numeric != null) {
            return numeric;
        }
        switch (type) {
            case BIGINT_UNSIGNED:
                return DecimalData.fromBigDecimal(new BigDecimal(Long.toUnsignedString(batch.getLong(c, row))), 20, 0);
            case TIMESTAMP:
                return timestamp(batch.getLong(c, row), column.precision());
            case DECIMAL:
            case DECIMAL64:
                return DecimalData.fromBigDecimal(new BigDecimal(batch.getString(c, row)), column.precision(), column.scale());
            case VARCHAR:
            case NCHAR:
            case JSON:
                // A slice of the column's shared heap copy: no copy per value.
                return StringData.fromBytes(batch.varData(c), batch.varOffset(c, row), batch.varLength(c, row));
            case VARBINARY:
            case GEOMETRY:
            case BLOB:
            case MEDIUMBLOB:
                return batch.getBytes(c, row);
            default:
                throw new TDengineException(0x2315, "unknown taos type " + type + " in column " + column.name());
        }
    }

    private TimestampData timestamp(long ticks, int precision) {
        return TimestampData.fromLocalDateTime(LocalDateTime.ofInstant(TimestampTicks.toInstant(ticks, precision), wallClockZone));
    }
}
