package io.tdflink.common;

import org.apache.flink.annotation.PublicEvolving;

/** TDengine column types with their wire codes (the same numbers the server and Rust use). */
@PublicEvolving
public enum TDengineDataType {
    NULL(0, 1),
    BOOL(1, 1),
    TINYINT(2, 1),
    SMALLINT(3, 2),
    INT(4, 4),
    BIGINT(5, 8),
    FLOAT(6, 4),
    DOUBLE(7, 8),
    VARCHAR(8, -1),
    TIMESTAMP(9, 8),
    NCHAR(10, -1),
    TINYINT_UNSIGNED(11, 1),
    SMALLINT_UNSIGNED(12, 2),
    INT_UNSIGNED(13, 4),
    BIGINT_UNSIGNED(14, 8),
    JSON(15, -1),
    VARBINARY(16, -1),
    DECIMAL(17, 16),
    BLOB(18, -1),
    MEDIUMBLOB(19, -1),
    GEOMETRY(20, -1),
    DECIMAL64(21, 8);

    private static final TDengineDataType[] BY_CODE = values();

    private final int code;
    private final int fixedSize;

    TDengineDataType(int code, int fixedSize) {
        this.code = code;
        this.fixedSize = fixedSize;
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
            throw new TDengineException(0x2315, "unknown taos type code " + code);
        }
        return BY_CODE[code];
    }
}
