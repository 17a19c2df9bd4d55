package io.tdflink.common;

import org.apache.flink.annotation.PublicEvolving;

/** TDengine column types with their wire codes (the same numbers the server and Rust use). */
@PublicEvolving
public enum TDengineDataType {
    NULL(0, 1, Kind.NULL),
    BOOL(1, 1, Kind.BOOL),
    TINYINT(2, 1, Kind.INTEGER),
    SMALLINT(3, 2, Kind.INTEGER),
    INT(4, 4, Kind.INTEGER),
    BIGINT(5, 8, Kind.INTEGER),
    FLOAT(6, 4, Kind.FLOATING),
    DOUBLE(7, 8, Kind.FLOATING),
    VARCHAR(8, -1, Kind.TEXT),
    TIMESTAMP(9, 8, Kind.TIMESTAMP),
    NCHAR(10, -1, Kind.TEXT),
    TINYINT_UNSIGNED(11, 1, Kind.INTEGER),
    SMALLINT_UNSIGNED(12, 2, Kind.INTEGER),
    INT_UNSIGNED(13, 4, Kind.INTEGER),
    BIGINT_UNSIGNED(14, 8, Kind.INTEGER),
    JSON(15, -1, Kind.TEXT),
    VARBINARY(16, -1, Kind.BINARY),
    DECIMAL(17, 16, Kind.DECIMAL),
    BLOB(18, -1, Kind.BINARY),
    MEDIUMBLOB(19, -1, Kind.BINARY),
    GEOMETRY(20, -1, Kind.BINARY),
    DECIMAL64(21, 8, Kind.DECIMAL);

    /** What a value of the type is, whatever its width: the families the type mapping works on. */
    public enum Kind {
        NULL,
        BOOL,
        /** Signed and unsigned integers. */
        INTEGER,
        /** FLOAT and DOUBLE. */
        FLOATING,
        DECIMAL,
        TIMESTAMP,
        /** VARCHAR/BINARY, NCHAR and JSON: UTF-8 text. */
        TEXT,
        /** VARBINARY, GEOMETRY (WKB) and BLOB: bytes. */
        BINARY
    }

    private static final TDengineDataType[] BY_CODE = values();

    private final int code;
    private final int fixedSize;
    private final Kind kind;

    TDengineDataType(int code, int fixedSize, Kind kind) {
        this.code = code;
        this.fixedSize = fixedSize;
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    public boolean isUnsigned() {
        return this == TINYINT_UNSIGNED || this == SMALLINT_UNSIGNED || this == INT_UNSIGNED || this == BIGINT_UNSIGNED;
    }

    public int code() {
        return code;
    }

    /** Width of one value on the wire, or -1 for variable-width types. */
    public int fixedSize() {
        return fixedSize;
    }

    public static TDengineDataType fromCode(int code) {
        if (code < 0 || code >= BY_CODE.length) {
            throw new TDengineException(ErrorCodes.DRIVER_UNKNOWN_TAOS_TYPE, "unknown taos type code " + code);
        }
        return BY_CODE[code];
    }
}
