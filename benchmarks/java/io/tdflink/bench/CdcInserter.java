package io.tdflink.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The writer of the CDC benchmark's latency part (benchmarks/cdc.sh): once consumer group
 * GROUP has a member, and a second more for it to poll (a {@code latest} position is fixed at
 * the first poll), inserts ROWS rows at a steady rate, one every INTERVAL_MS, through the
 * official JDBC driver. Row k goes to {@code bench.d(k % 1000)} stamped with the wall clock
 * just before its insert: ts = µs / 1000 (ms), voltage = µs % 1000, which {@link InsertDelay}
 * and the official Rust consumer's benchmark read back. Subtables rotate so no two rows share
 * a (table, ts).
 *
 * <p>Arguments: JDBC_URL GROUP ROWS INTERVAL_MS
 */
public final class CdcInserter {
    private static final long WAIT_FOR_GROUP_MS = 120_000;

    private CdcInserter() {}

    public static void main(String[] args) throws Exception {
        String group = args[1];
        int rows = Integer.parseInt(args[2]);
        long intervalNanos = TimeUnit.MILLISECONDS.toNanos(Long.parseLong(args[3]));
        try (Connection conn = DriverManager.getConnection(args[0]);
                Statement stmt = conn.createStatement()) {
            awaitMember(stmt, group);
            Thread.sleep(1000);
            long start = System.nanoTime();
            for (int k = 0; k < rows; k++) {
                LockSupport.parkNanos(start + k * intervalNanos - System.nanoTime());
                long micros = InsertDelay.micros(Instant.now());
                stmt.executeUpdate("INSERT INTO bench.d" + (k % 1000) + " VALUES (" + micros / 1000 + ", 0.5, "
                        + micros % 1000 + ", 0.1)");
            }
        }
    }

    private static void awaitMember(Statement stmt, String group) throws Exception {
        long deadline = System.currentTimeMillis() + WAIT_FOR_GROUP_MS;
        while (System.currentTimeMillis() < deadline) {
            try (ResultSet rs = stmt.executeQuery("SELECT consumer_group FROM information_schema.ins_consumers")) {
                while (rs.next()) {
                    if (group.equals(rs.getString(1))) {
                        return;
                    }
                }
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("no consumer of group " + group + " within " + WAIT_FOR_GROUP_MS + " ms");
    }
}
