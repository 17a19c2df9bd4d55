package io.tdflink.testutils;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Test-side SQL through the official JDBC driver, the judge of what reached the server. */
public final class Sql {
    private Sql() {}

    public static void execute(String url, String... statements) throws SQLException {
        try (Connection conn = DriverManager.getConnection(url);
                Statement stmt = conn.createStatement()) {
            for (String sql : statements) {
                stmt.execute(sql);
            }
        }
    }

    /** Every row of {@code sql}, columns joined by single spaces, NULL as "null". */
    public static List<String> rows(String url, String sql) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection conn = DriverManager.getConnection(url);
                Statement stmt = conn.createStatement();
                ResultSet rs = stmt.executeQuery(sql)) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder row = new StringBuilder();
                for (int c = 1; c <= columns; c++) {
                    Object value = rs.getObject(c);
                    row.append(c > 1 ? " " : "")
                            .append(value instanceof byte[] ? new String((byte[]) value) : String.valueOf(value));
                }
                rows.add(row.toString());
            }
        }
        return rows;
    }

    public static long number(String url, String sql) throws SQLException {
        return Long.parseLong(rows(url, sql).get(0));
    }

    /** Waits until {@link #number} of {@code sql} is at least {@code least}; fails after {@code timeout}. */
    public static void awaitAtLeast(String url, String sql, long least, Duration timeout)
            throws SQLException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (long last = number(url, sql); last < least; last = number(url, sql)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(sql + " stayed at " + last + ", below " + least + ", for " + timeout);
            }
            TimeUnit.MILLISECONDS.sleep(50);
        }
    }

    /** {@link #number}, or {@code null} when there is no row or it is NULL (an aggregate over an empty table). */
    public static Long numberOrNull(String url, String sql) throws SQLException {
        List<String> rows = rows(url, sql);
        return rows.isEmpty() || rows.get(0).equals("null") ? null : Long.valueOf(rows.get(0));
    }
}
