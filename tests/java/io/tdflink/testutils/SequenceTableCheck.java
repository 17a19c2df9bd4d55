package io.tdflink.testutils;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.BitSet;

/**
 * Reads every row of a {@link SequenceRows} supertable (through the official JDBC driver) and
 * checks it against keys [0, expected): each key once, in its own table, with its own value.
 */
public final class SequenceTableCheck {
    /** Rows read from the table. */
    public final long read;
    /** Keys in [0, expected) with no row. */
    public final long lost;
    /** Rows beyond the first for a key: what TDengine's upsert by (table, ts) should have absorbed. */
    public final long duplicatesLeft;
    /** Rows whose value, table or key does not belong to their timestamp, or outside [0, expected). */
    public final long wrong;

    private SequenceTableCheck(long read, long lost, long duplicatesLeft, long wrong) {
        this.read = read;
        this.lost = lost;
        this.duplicatesLeft = duplicatesLeft;
        this.wrong = wrong;
    }

    /**
     * Checks {@code db}'s supertable {@code m}, written with {@code tables} subtables, against keys
     * [0, expected). Reads subtable by subtable: one query over millions of rows of the
     * supertable outlasts the JDBC driver's fetch timeout on tdlite (a 30-minute soak's 1.8 M).
     */
    private static final int TABLE_DOES_NOT_EXIST = 0x2603;

    public static SequenceTableCheck of(String url, String db, long expected, int tables) throws SQLException {
        BitSet seen = new BitSet();
        long read = 0;
        long duplicates = 0;
        long wrong = 0;
        try (Connection conn = DriverManager.getConnection(url);
                Statement stmt = conn.createStatement()) {
            for (int table = 0; table < tables; table++) {
                try (ResultSet rs = stmt.executeQuery("select ts, v from " + db + ".t" + table)) {
                    while (rs.next()) {
                        read++;
                        long k = rs.getTimestamp(1).getTime() - SequenceRows.T0;
                        if (k < 0 || k >= expected || rs.getLong(2) != k || k % tables != table) {
                            wrong++;
                        } else if (seen.get((int) k)) {
                            duplicates++;
                        } else {
                            seen.set((int) k);
                        }
                    }
                } catch (SQLException e) {
                    if (e.getErrorCode() != TABLE_DOES_NOT_EXIST) {
                        throw e;
                    }
                    // never written: its keys count as lost
                }
            }
        }
        return new SequenceTableCheck(read, expected - seen.cardinality(), duplicates, wrong);
    }

    /** {@code rows=.. lost=.. duplicates_left=.. wrong=..}, as the FAULTS and SOAK lines carry it. */
    public String summary() {
        return "rows=" + read + " lost=" + lost + " duplicates_left=" + duplicatesLeft + " wrong=" + wrong;
    }
}
