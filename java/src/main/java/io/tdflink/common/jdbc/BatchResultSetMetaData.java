package io.tdflink.common.jdbc;

import io.tdflink.common.ErrorCodes;
import io.tdflink.common.TDengineDataType;
import io.tdflink.jni.NativeColumn;

import org.apache.flink.annotation.Internal;

import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.util.List;

/**
 * The {@link ResultSetMetaData} custom deserializers receive: the result's columns, 1-based,
 * with TDengine's type names and the JDBC driver's {@link Types} codes and value classes.
 */
@Internal
public final class BatchResultSetMetaData implements ResultSetMetaData {
    private final List<NativeColumn> columns;
    private final DriverValues values;

    public BatchResultSetMetaData(List<NativeColumn> columns, DriverValues values) {
        this.columns = columns;
        this.values = values;
    }

    private NativeColumn column(int column) throws SQLException {
        if (column < 1 || column > columns.size()) {
            throw new SQLException(
                    "column index " + column + " out of range 1.." + columns.size(),
                    "S1002",
                    ErrorCodes.DRIVER_PARAMETER_INDEX_OUT_RANGE);
        }
        return columns.get(column - 1);
    }

    @Override
    public int getColumnCount() {
        return columns.size();
    }

    @Override
    public String getColumnName(int column) throws SQLException {
        return column(column).name();
    }

    @Override
    public String getColumnLabel(int column) throws SQLException {
        return column(column).name();
    }

    @Override
    public String getColumnTypeName(int column) throws SQLException {
        TDengineDataType type = column(column).type();
        switch (type) {
            case TINYINT_UNSIGNED:
                return "TINYINT UNSIGNED";
            case SMALLINT_UNSIGNED:
                return "SMALLINT UNSIGNED";
            case INT_UNSIGNED:
                return "INT UNSIGNED";
            case BIGINT_UNSIGNED:
                return "BIGINT UNSIGNED";
            case DECIMAL64:
                return "DECIMAL";
            default:
                return type.name();
        }
    }

    @Override
    public int getColumnType(int column) throws SQLException {
        switch (column(column).type()) {
            case BOOL:
                return Types.BOOLEAN;
            case TINYINT:
                return Types.TINYINT;
            case SMALLINT:
            case TINYINT_UNSIGNED:
                return Types.SMALLINT;
            case INT:
            case SMALLINT_UNSIGNED:
                return Types.INTEGER;
            case BIGINT:
            case INT_UNSIGNED:
                return Types.BIGINT;
            case FLOAT:
                return Types.FLOAT;
            case DOUBLE:
                return Types.DOUBLE;
            case TIMESTAMP:
                return Types.TIMESTAMP;
            case NCHAR:
                return Types.NCHAR;
            case VARCHAR:
                return Types.VARCHAR;
            case DECIMAL:
            case DECIMAL64:
            case BIGINT_UNSIGNED:
                return Types.DECIMAL;
            case JSON:
                return Types.OTHER;
            default:
                return Types.VARBINARY;
        }
    }

    @Override
    public String getColumnClassName(int column) throws SQLException {
        return values.javaClass(column(column).type()).getName();
    }

    @Override
    public int getPrecision(int column) throws SQLException {
        NativeColumn c = column(column);
        return c.type() == TDengineDataType.DECIMAL || c.type() == TDengineDataType.DECIMAL64
                ? c.precision()
                : c.bytes();
    }

    @Override
    public int getScale(int column) throws SQLException {
        return column(column).scale();
    }

    @Override
    public int getColumnDisplaySize(int column) throws SQLException {
        return column(column).bytes();
    }

    @Override
    public boolean isSigned(int column) throws SQLException {
        switch (column(column).type()) {
            case TINYINT:
            case SMALLINT:
            case INT:
            case BIGINT:
            case FLOAT:
            case DOUBLE:
            case DECIMAL:
            case DECIMAL64:
                return true;
            default:
                return false;
        }
    }

    @Override
    public int isNullable(int column) throws SQLException {
        column(column);
        // Only the first (primary timestamp) column of a table is never NULL, and a query's
        // first column need not be it, so no column is promised non-null.
        return columnNullableUnknown;
    }

    @Override
    public boolean isAutoIncrement(int column) {
        return false;
    }

    @Override
    public boolean isCaseSensitive(int column) {
        return false;
    }

    @Override
    public boolean isSearchable(int column) {
        return true;
    }

    @Override
    public boolean isCurrency(int column) {
        return false;
    }

    @Override
    public String getSchemaName(int column) {
        return "";
    }

    @Override
    public String getTableName(int column) {
        return "";
    }

    @Override
    public String getCatalogName(int column) {
        return "";
    }

    @Override
    public boolean isReadOnly(int column) {
        return true;
    }

    @Override
    public boolean isWritable(int column) {
        return false;
    }

    @Override
    public boolean isDefinitelyWritable(int column) {
        return false;
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        throw new SQLException("not a wrapper for " + iface.getName());
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return iface.isInstance(this);
    }
}
