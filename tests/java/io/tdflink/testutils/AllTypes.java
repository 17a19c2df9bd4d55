package io.tdflink.testutils;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.sql.SQLException;

/** The every-type table the conformance suites and the source tests write, and its row of extreme values. */
public final class AllTypes {
    public static final String ALL_TYPES = "ts TIMESTAMP, b BOOL, i8 TINYINT, i16 SMALLINT, i32 INT, i64 BIGINT, "
            + "u8 TINYINT UNSIGNED, u16 SMALLINT UNSIGNED, u32 INT UNSIGNED, u64 BIGINT UNSIGNED, f32 FLOAT, f64 DOUBLE, "
            + "vc VARCHAR(32), nc NCHAR(16), vb VARBINARY(16), geo GEOMETRY(32), dec DECIMAL(20,4), dec64 DECIMAL(10,2)";

    /** Values for every column after `ts`, in {@link #ALL_TYPES} order. */
    public static final String EXTREMES =
            "true, -128, 32767, -2147483648, 9223372036854775807, 255, 65535, 4294967295, "
                    + "18446744073709551615, -1.5, 1.7976931348623157e308, 'it''s', '涛思数据😀é', '\\x00ff10', 'POINT(1 2)', "
                    + "'-1234567890123456.7890', '12345678.90'";

    /** 2024-01-02T03:04:05 UTC: the first row's second; its sub-second part has every digit of the precision ({@link #ticks}). */
    public static final long EPOCH_SECOND = 1_704_164_645L;

    /**
     * Creates {@code types_ms}, {@code types_us} and {@code types_ns} (named by their precision),
     * each with supertable {@code st} ({@link #ALL_TYPES}, tag {@code info JSON}) and subtable
     * {@code t1} holding two rows: {@link #EXTREMES} at {@code ticks(p, 0)}, all NULLs but ts at {@code ticks(p, 1)}.
     */
    public static void createPrecisionDatabases(String jdbcUrl) throws SQLException {
        for (String precision : new String[] {"ms", "us", "ns"}) {
            String db = "types_" + precision;
            Sql.execute(
                    jdbcUrl,
                    "CREATE DATABASE " + db + " PRECISION '" + precision + "'",
                    "CREATE STABLE " + db + ".st (" + ALL_TYPES + ") TAGS (info JSON)",
                    "INSERT INTO " + db + ".t1 USING " + db + ".st TAGS ('{\"k\":\"v\",\"n\":1}') VALUES ("
                            + ticks(precision, 0) + ", "
                            + EXTREMES + ") (" + ticks(precision, 1)
                            + ", NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, "
                            + "NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)");
        }
    }

    /** The i-th row's timestamp: {@link #EPOCH_SECOND} + i seconds + .123456789 cut to the precision. */
    public static long ticks(String precision, int i) {
        switch (precision) {
            case "ms":
                return (EPOCH_SECOND + i) * 1_000L + 123;
            case "us":
                return (EPOCH_SECOND + i) * 1_000_000L + 123_456;
            default:
                return (EPOCH_SECOND + i) * 1_000_000_000L + 123_456_789;
        }
    }

    /** {@code POINT(x y)} as little-endian WKB, the form GEOMETRY values come back in. */
    public static byte[] point(double x, double y) {
        return ByteBuffer.allocate(21)
                .order(ByteOrder.LITTLE_ENDIAN)
                .put((byte) 1)
                .putInt(1)
                .putDouble(x)
                .putDouble(y)
                .array();
    }

    private AllTypes() {}
}
