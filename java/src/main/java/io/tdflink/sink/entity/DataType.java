package io.tdflink.sink.entity;

import org.apache.flink.annotation.PublicEvolving;

import java.util.Locale;

/**
 * TDengine column types as the sink names them, with the official connector's constants
 * ({@code DATA_TYPE_<X>}, {@link #getTypeName()}, {@link #getTypeNo()},
 * {@link #getDataType(String)}), plus the unsigned, DECIMAL and BLOB types it lacks.
 */
@PublicEvolving
public enum DataType {
    DATA_TYPE_BOOL("BOOL", TDengineType.TSDB_DATA_TYPE_BOOL),
    DATA_TYPE_TINYINT("TINYINT", TDengineType.TSDB_DATA_TYPE_TINYINT),
    DATA_TYPE_SMALLINT("SMALLINT", TDengineType.TSDB_DATA_TYPE_SMALLINT),
    DATA_TYPE_INT("INT", TDengineType.TSDB_DATA_TYPE_INT),
    DATA_TYPE_BIGINT("BIGINT", TDengineType.TSDB_DATA_TYPE_BIGINT),
    DATA_TYPE_FLOAT("FLOAT", TDengineType.TSDB_DATA_TYPE_FLOAT),
    DATA_TYPE_DOUBLE("DOUBLE", TDengineType.TSDB_DATA_TYPE_DOUBLE),
    DATA_TYPE_VARCHAR("VARCHAR", TDengineType.TSDB_DATA_TYPE_VARCHAR),
    DATA_TYPE_BINARY("BINARY", TDengineType.TSDB_DATA_TYPE_BINARY),
    DATA_TYPE_TIMESTAMP("TIMESTAMP", TDengineType.TSDB_DATA_TYPE_TIMESTAMP),
    DATA_TYPE_NCHAR("NCHAR", TDengineType.TSDB_DATA_TYPE_NCHAR),
    DATA_TYPE_UTINYINT("TINYINT UNSIGNED", TDengineType.TSDB_DATA_TYPE_UTINYINT),
    DATA_TYPE_USMALLINT("SMALLINT UNSIGNED", TDengineType.TSDB_DATA_TYPE_USMALLINT),
    DATA_TYPE_UINT("INT UNSIGNED", TDengineType.TSDB_DATA_TYPE_UINT),
    DATA_TYPE_UBIGINT("BIGINT UNSIGNED", TDengineType.TSDB_DATA_TYPE_UBIGINT),
    DATA_TYPE_JSON("JSON", TDengineType.TSDB_DATA_TYPE_JSON),
    DATA_TYPE_VARBINARY("VARBINARY", TDengineType.TSDB_DATA_TYPE_VARBINARY),
    DATA_TYPE_DECIMAL("DECIMAL", TDengineType.TSDB_DATA_TYPE_DECIMAL),
    DATA_TYPE_BLOB("BLOB", TDengineType.TSDB_DATA_TYPE_BLOB),
    DATA_TYPE_GEOMETRY("GEOMETRY", TDengineType.TSDB_DATA_TYPE_GEOMETRY),
    DATA_TYPE_DECIMAL64("DECIMAL64", TDengineType.TSDB_DATA_TYPE_DECIMAL64);

    private final String typeName;
    private final int typeNo;

    DataType(String typeName, int typeNo) {
        this.typeName = typeName;
        this.typeNo = typeNo;
    }

    public String getTypeName() {
        return typeName;
    }

    public int getTypeNo() {
        return typeNo;
    }

    /**
     * The type of a {@code DESCRIBE} type name, case-insensitively ({@code VARCHAR},
     * {@code INT UNSIGNED}, {@code DECIMAL(10, 2)} → DECIMAL); {@code null} when unknown.
     */
    public static DataType getDataType(String name) {
        if (name == null) {
            return null;
        }
        String key = name.trim().toUpperCase(Locale.ROOT);
        int paren = key.indexOf('(');
        if (paren >= 0) {
            key = key.substring(0, paren).trim();
        }
        for (DataType type : values()) {
            if (type.typeName.equals(key)) {
                return type;
            }
        }
        return null;
    }
}
