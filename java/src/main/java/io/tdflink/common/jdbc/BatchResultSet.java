package io.tdflink.common.jdbc;

import io.tdflink.common.ErrorCodes;
import io.tdflink.common.TDengineDataType;
import io.tdflink.common.types.TimestampTicks;
import io.tdflink.jni.NativeBatchReader;
import io.tdflink.jni.NativeColumn;

import org.apache.flink.annotation.Internal;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A read-only, forward-only {@link ResultSet} over one block of a TMQ message, so deserializers
 * written against the JDBC driver's TMQ result set ({@code Deserializer.deserialize(ResultSet, ...)})
 * run unchanged. {@code getObject} returns the driver's classes ({@link DriverValues}); the typed
 * getters convert from them as the driver does ({@link DriverConversions}). Labels match exactly
 * first, then ignoring case as JDBC asks (the driver matches exactly only, so every label it
 * finds resolves the same here).
 */
@Internal
public final class BatchResultSet extends UnsupportedResultSet {
    private final NativeBatchReader batch;
    private final DriverValues values;
    private final ZoneId wallClockZone;
    private final Map<String, Integer> exactLabels = new HashMap<>();
    private final Map<String, Integer> foldedLabels = new HashMap<>();
    private ResultSetMetaData metaData;
    private int row = -1;
    private boolean wasNull;
    private boolean closed;

    /**
     * @param wallClockZone the zone TIMESTAMP values are shown in, as {@code Timestamp} is zone-less
     * @param varcharAsString {@code getObject} returns VARCHAR as {@code String} rather than {@code byte[]}
     */
    public BatchResultSet(NativeBatchReader batch, ZoneId wallClockZone, boolean varcharAsString) {
        this.batch = batch;
        this.values = new DriverValues(wallClockZone, varcharAsString);
        this.wallClockZone = wallClockZone;
        List<NativeColumn> schema = batch.schema();
        for (int c = 0; c < schema.size(); c++) {
            exactLabels.putIfAbsent(schema.get(c).name(), c + 1);
            foldedLabels.putIfAbsent(schema.get(c).name().toLowerCase(Locale.ROOT), c + 1);
        }
    }

    @Override
    public boolean next() throws SQLException {
        checkOpen();
        if (row < batch.rowCount()) {
            row++;
        }
        return row < batch.rowCount();
    }

    @Override
    public void close() {
        closed = true;
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    @Override
    public boolean wasNull() throws SQLException {
        checkOpen();
        return wasNull;
    }

    @Override
    public ResultSetMetaData getMetaData() throws SQLException {
        checkOpen();
        if (metaData == null) {
            metaData = new BatchResultSetMetaData(batch.schema(), values);
        }
        return metaData;
    }

    @Override
    public int findColumn(String columnLabel) throws SQLException {
        checkOpen();
        Integer index = exactLabels.get(columnLabel);
        if (index == null && columnLabel != null) {
            index = foldedLabels.get(columnLabel.toLowerCase(Locale.ROOT));
        }
        if (index == null) {
            throw new SQLException("cannot find column " + columnLabel + " in result", "S0022");
        }
        return index;
    }

    @Override
    public int getType() {
        return TYPE_FORWARD_ONLY;
    }

    @Override
    public int getConcurrency() {
        return CONCUR_READ_ONLY;
    }

    /** The cell's {@code getObject} value, recording whether it was NULL. */
    private Object value(int columnIndex) throws SQLException {
        checkOpen();
        if (columnIndex < 1 || columnIndex > batch.schema().size()) {
            throw new SQLException(
                    "column index " + columnIndex + " out of range 1.."
                            + batch.schema().size(),
                    "S1002",
                    ErrorCodes.DRIVER_PARAMETER_INDEX_OUT_RANGE);
        }
        if (row < 0 || row >= batch.rowCount()) {
            throw new SQLException("no current row: call next() first and read only while it returns true", "24000");
        }
        Object value = values.get(batch, columnIndex - 1, row);
        wasNull = value == null;
        return value;
    }

    /**
     * As {@link #value}, but a TIMESTAMP as its ticks in the column's precision, which the driver's
     * getLong reads; the other numeric getters read them too, so a timestamp is one number
     * whichever getter asks (the driver's getInt returns 0, its getDouble, getBigDecimal and
     * getBoolean throw ClassCastException).
     */
    private Object number(int columnIndex) throws SQLException {
        Object value = value(columnIndex);
        return value != null && type(columnIndex) == TDengineDataType.TIMESTAMP
                ? batch.getLong(columnIndex - 1, row)
                : value;
    }

    private TDengineDataType type(int columnIndex) {
        return batch.schema().get(columnIndex - 1).type();
    }

    private void checkOpen() throws SQLException {
        if (closed) {
            throw new SQLException("result set is closed", "24000", ErrorCodes.DRIVER_RESULTSET_CLOSED);
        }
    }

    @Override
    public Object getObject(int columnIndex) throws SQLException {
        return value(columnIndex);
    }

    @Override
    public String getString(int columnIndex) throws SQLException {
        Object value = value(columnIndex);
        return value == null ? null : DriverConversions.toText(value);
    }

    @Override
    public boolean getBoolean(int columnIndex) throws SQLException {
        Object value = number(columnIndex);
        return value != null && DriverConversions.toBoolean(value);
    }

    @Override
    public byte getByte(int columnIndex) throws SQLException {
        Object value = number(columnIndex);
        return value == null ? 0 : (byte) DriverConversions.toLong(value, Byte.MIN_VALUE, Byte.MAX_VALUE, "TINYINT");
    }

    @Override
    public short getShort(int columnIndex) throws SQLException {
        Object value = number(columnIndex);
        return value == null
                ? 0
                : (short) DriverConversions.toLong(value, Short.MIN_VALUE, Short.MAX_VALUE, "SMALLINT");
    }

    @Override
    public int getInt(int columnIndex) throws SQLException {
        Object value = number(columnIndex);
        return value == null ? 0 : (int) DriverConversions.toLong(value, Integer.MIN_VALUE, Integer.MAX_VALUE, "INT");
    }

    @Override
    public long getLong(int columnIndex) throws SQLException {
        Object value = number(columnIndex);
        return value == null ? 0 : DriverConversions.toLong(value, Long.MIN_VALUE, Long.MAX_VALUE, "BIGINT");
    }

    @Override
    public float getFloat(int columnIndex) throws SQLException {
        Object value = number(columnIndex);
        return value == null ? 0 : DriverConversions.toFloat(value);
    }

    @Override
    public double getDouble(int columnIndex) throws SQLException {
        Object value = number(columnIndex);
        return value == null ? 0 : DriverConversions.toDouble(value);
    }

    @Override
    public BigDecimal getBigDecimal(int columnIndex) throws SQLException {
        Object value = number(columnIndex);
        return value == null ? null : DriverConversions.toBigDecimal(value);
    }

    @Override
    public byte[] getBytes(int columnIndex) throws SQLException {
        Object value = value(columnIndex);
        return value == null ? null : DriverConversions.toBytes(value);
    }

    /**
     * A TIMESTAMP as {@code getObject} has it; a BIGINT as ticks in the precision of the block's
     * first TIMESTAMP column (the driver uses the result's precision); anything else parsed from
     * its text as {@code yyyy-mm-dd hh:mm:ss[.f]}, or NULL when it does not parse, as the driver does.
     */
    @Override
    public Timestamp getTimestamp(int columnIndex) throws SQLException {
        Object value = value(columnIndex);
        if (value == null || value instanceof Timestamp) {
            return (Timestamp) value;
        }
        if (value instanceof Long) {
            LocalDateTime wallClock = LocalDateTime.ofInstant(
                    TimestampTicks.toInstant((Long) value, timestampPrecision()), wallClockZone);
            return Timestamp.valueOf(wallClock);
        }
        try {
            return Timestamp.valueOf(DriverConversions.toText(value).trim());
        } catch (IllegalArgumentException e) {
            wasNull = true;
            return null;
        }
    }

    private int timestampPrecision() {
        return batch.schema().stream()
                .filter(c -> c.type() == TDengineDataType.TIMESTAMP)
                .mapToInt(NativeColumn::precision)
                .findFirst()
                .orElse(0);
    }

    @Override
    public Object getObject(String columnLabel) throws SQLException {
        return getObject(findColumn(columnLabel));
    }

    @Override
    public String getString(String columnLabel) throws SQLException {
        return getString(findColumn(columnLabel));
    }

    @Override
    public boolean getBoolean(String columnLabel) throws SQLException {
        return getBoolean(findColumn(columnLabel));
    }

    @Override
    public byte getByte(String columnLabel) throws SQLException {
        return getByte(findColumn(columnLabel));
    }

    @Override
    public short getShort(String columnLabel) throws SQLException {
        return getShort(findColumn(columnLabel));
    }

    @Override
    public int getInt(String columnLabel) throws SQLException {
        return getInt(findColumn(columnLabel));
    }

    @Override
    public long getLong(String columnLabel) throws SQLException {
        return getLong(findColumn(columnLabel));
    }

    @Override
    public float getFloat(String columnLabel) throws SQLException {
        return getFloat(findColumn(columnLabel));
    }

    @Override
    public double getDouble(String columnLabel) throws SQLException {
        return getDouble(findColumn(columnLabel));
    }

    @Override
    public BigDecimal getBigDecimal(String columnLabel) throws SQLException {
        return getBigDecimal(findColumn(columnLabel));
    }

    @Override
    public byte[] getBytes(String columnLabel) throws SQLException {
        return getBytes(findColumn(columnLabel));
    }

    @Override
    public Timestamp getTimestamp(String columnLabel) throws SQLException {
        return getTimestamp(findColumn(columnLabel));
    }
}
