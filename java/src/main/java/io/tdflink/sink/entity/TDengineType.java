package io.tdflink.sink.entity;

import org.apache.flink.annotation.PublicEvolving;

/** TDengine's type codes, named as the official connector names them. */
@PublicEvolving
public final class TDengineType {
    public static final int TSDB_DATA_TYPE_NULL = 0;
    public static final int TSDB_DATA_TYPE_BOOL = 1;
    public static final int TSDB_DATA_TYPE_TINYINT = 2;
    public static final int TSDB_DATA_TYPE_SMALLINT = 3;
    public static final int TSDB_DATA_TYPE_INT = 4;
    public static final int TSDB_DATA_TYPE_BIGINT = 5;
    public static final int TSDB_DATA_TYPE_FLOAT = 6;
    public static final int TSDB_DATA_TYPE_DOUBLE = 7;
    public static final int TSDB_DATA_TYPE_VARCHAR = 8;
    public static final int TSDB_DATA_TYPE_BINARY = 8;
    public static final int TSDB_DATA_TYPE_TIMESTAMP = 9;
    public static final int TSDB_DATA_TYPE_NCHAR = 10;
    public static final int TSDB_DATA_TYPE_UTINYINT = 11;
    public static final int TSDB_DATA_TYPE_USMALLINT = 12;
    public static final int TSDB_DATA_TYPE_UINT = 13;
    public static final int TSDB_DATA_TYPE_UBIGINT = 14;
    public static final int TSDB_DATA_TYPE_JSON = 15;
    public static final int TSDB_DATA_TYPE_VARBINARY = 16;
    public static final int TSDB_DATA_TYPE_DECIMAL = 17;
    public static final int TSDB_DATA_TYPE_BLOB = 18;
    public static final int TSDB_DATA_TYPE_MEDIUMBLOB = 19;
    public static final int TSDB_DATA_TYPE_GEOMETRY = 20;
    public static final int TSDB_DATA_TYPE_DECIMAL64 = 21;

    private TDengineType() {}
}
