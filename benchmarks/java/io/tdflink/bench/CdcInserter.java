package io.tdflink.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The writer of the CDC benchmark's latency part (benchmarks/cdc.sh): once consumer group
 * GROUP has a member, writes probe rows (current {@link InsertDelay#PROBE}) every 20 ms until
 * the consumer has seen one and created READY_FILE (a {@code latest} position is fixed at the
 * consumer's first poll: rows before it are not its to see), then inserts ROWS rows at a
 * steady rate, one every INTERVAL_MS, through the official JDBC driver. Row k goes to {@code bench.d(k % 1000)} stamped with the wall clock
 * just before its insert: ts = µs / 1000 (ms), voltage = µs % 1000, which {@link InsertDelay}
 * and the official Rust consumer's benchmark read back. Subtables rotate so no two rows share
 * a (table, ts). Prints, as one JSON line, each row's stamp and insert round trip (from the
 * stamp to executeUpdate's return) in µs: the part of a row's insert-to-emit delay spent before
 * the server answered the insert.
 *
 * <p>Arguments: JDBC_URL GROUP ROWS INTERVAL_MS READY_FILE
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
            awaitProbe(stmt, Path.of(args[4]));
            long[] stamps = new long[rows];
            long[] roundTrips = new long[rows];
            long start = System.nanoTime();
            for (int k = 0; k < rows; k++) {
                LockSupport.parkNanos(start + k * intervalNanos - System.nanoTime());
                long micros = InsertDelay.micros(Instant.now());
                stmt.executeUpdate("INSERT INTO bench.d" + (k % 1000) + " VALUES (" + micros / 1000 + ", 0.5, "
                        + micros % 1000 + ", 0.1)");
                stamps[k] = micros;
                roundTrips[k] = InsertDelay.micros(Instant.now()) - micros;
            }
            System.out.println("{\"stamps_us\": " + Arrays.toString(stamps) + ", \"insert_us\": "
                    + Arrays.toString(roundTrips) + "}");
        }
    }

    private static void awaitProbe(Statement stmt, Path readyFile) throws Exception {
        long deadline = System.currentTimeMillis() + WAIT_FOR_GROUP_MS;
        for (int k = 0; !Files.exists(readyFile); k++) {
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("no probe row arrived within " + WAIT_FOR_GROUP_MS + " ms");
            }
            stmt.executeUpdate("INSERT INTO bench.d" + (k % 1000) + " VALUES (" + System.currentTimeMillis() + ", "
                    + InsertDelay.PROBE + ", 0, 0)");
            Thread.sleep(20);
        }
        Thread.sleep(200); // the probes still in flight pass first
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
