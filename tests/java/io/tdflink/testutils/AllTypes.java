package io.tdflink.testutils;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** The every-type table the conformance suites and the source tests write, and its row of extreme values. */
public final class AllTypes {
    public static final String ALL_TYPES = "ts TIMESTAMP, b BOOL, i8 TINYINT, i16 SMALLINT, i32 INT, i64 BIGINT, "
            + "u8 TINYINT UNSIGNED, u16 SMALLINT UNSIGNED, u32 INT UNSIGNED, u64 BIGINT UNSIGNED, f32 FLOAT, f64 DOUBLE, "
            + "vc VARCHAR(32), nc NCHAR(16), vb VARBINARY(16), geo GEOMETRY(32), dec DECIMAL(20,4), dec64 DECIMAL(10,2)";

    /** Values for every column after `ts`, in {@link #ALL_TYPES} order. */
    public static final String EXTREMES = "true, -128, 32767, -2147483648, 9223372036854775807, 255, 65535, 4294967295, "
            + "18446744073709551615, -1.5, 1.7976931348623157e308, 'it''s', '涛思数据😀é', '\\x00ff10', 'POINT(1 2)', "
            + "'-1234567890123456.7890', '12345678.90'";

    /** {@code POINT(x y)} as little-endian WKB, the form GEOMETRY values come back in. */
    public static byte[] point(double x, double y) {
        return ByteBuffer.allocate(21).order(ByteOrder.LITTLE_ENDIAN).put((byte) 1).putInt(1).putDouble(x).putDouble(y).array();
    }

    private AllTypes() {}
}
