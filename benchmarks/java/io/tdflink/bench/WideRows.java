package io.tdflink.bench;

import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;

import java.util.Arrays;
import java.util.List;

/**
 * The benchmarks' wide row: 20 columns (timestamp, 4 INT, 4 BIGINT, 4 DOUBLE, 2 FLOAT, a BOOL,
 * 3 VARCHAR and an NCHAR, 11 to 40 characters) and a VARCHAR tag, into supertable {@code wide}.
 * Row k goes to subtable w{k % TABLES} at 1 700 000 000 000 + k ms; its strings come from
 * pools built once, so generating them costs little beside the connectors.
 */
final class WideRows {
    static final String SUPERTABLE = "wide";
    static final List<String> FIELDS = Arrays.asList(
            "tbname", "ts", "i1", "i2", "i3", "i4", "b1", "b2", "b3", "b4", "d1", "d2", "d3", "d4", "f1", "f2", "ok",
            "s1", "s2", "s3", "n1", "site");

    private static final int POOL = 97;
    private static final StringData[][] STRINGS = new StringData[4][POOL];
    private static final StringData[] SITES = new StringData[10];
    private static final TableNames TABLE_NAMES = new TableNames("w");

    static {
        for (int i = 0; i < POOL; i++) {
            STRINGS[0][i] = StringData.fromString("status-" + i);
            STRINGS[1][i] = StringData.fromString("firmware/v" + i + "." + (i * 7 % 10) + ".build-" + (1000 + i));
            STRINGS[2][i] = StringData.fromString("sensor reading note number " + i + " of the pool");
            STRINGS[3][i] = StringData.fromString("设备-" + i + "-北区");
        }
        for (int i = 0; i < SITES.length; i++) {
            SITES[i] = StringData.fromString("site-" + i);
        }
    }

    private WideRows() {}

    static String createSql(String db) {
        return "CREATE STABLE " + db + "." + SUPERTABLE + " (ts TIMESTAMP, i1 INT, i2 INT, i3 INT, i4 INT,"
                + " b1 BIGINT, b2 BIGINT, b3 BIGINT, b4 BIGINT, d1 DOUBLE, d2 DOUBLE, d3 DOUBLE, d4 DOUBLE,"
                + " f1 FLOAT, f2 FLOAT, ok BOOL, s1 VARCHAR(32), s2 VARCHAR(48), s3 VARCHAR(64), n1 NCHAR(16))"
                + " TAGS (site VARCHAR(24))";
    }

    static RowData row(long k, int tables) {
        Measurement.record();
        int t = (int) (k % tables);
        int p = (int) (k % POOL);
        return GenericRowData.of(
                TABLE_NAMES.get(t, tables),
                TimestampData.fromEpochMillis(1_700_000_000_000L + k),
                (int) k,
                (int) (k % 1000),
                (int) (k >> 3),
                -(int) k,
                k,
                k * 31,
                k ^ 0x5555,
                -k,
                k * 0.25,
                k / 3.0,
                (k % 1000) * 1.5,
                -k * 0.125,
                (k % 100) * 0.5f,
                (k % 7) * 0.1f,
                k % 2 == 0,
                STRINGS[0][p],
                STRINGS[1][p],
                STRINGS[2][p],
                STRINGS[3][p],
                SITES[t % SITES.length]);
    }
}
