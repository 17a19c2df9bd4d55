package io.tdflink.it;

import io.tdflink.common.TDengineException;
import io.tdflink.jni.NativeBatchReader;
import io.tdflink.jni.NativeQuery;
import io.tdflink.testutils.FaultProxy;
import io.tdflink.testutils.TdliteExtension;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Real data through the read path: tdlite, the Rust client, one batch per block, Java. */
class NativeQueryITCase {
    @RegisterExtension
    static final TdliteExtension TDLITE = new TdliteExtension();

    private static final int ROWS = 10_000;

    @BeforeAll
    static void loadData() throws Exception {
        try (Connection conn = DriverManager.getConnection(TDLITE.jdbcUrl(null));
                Statement stmt = conn.createStatement()) {
            stmt.execute("CREATE DATABASE nq PRECISION 'ns'");
            stmt.execute("CREATE TABLE nq.t (ts TIMESTAMP, v INT, note NCHAR(600))");
            StringBuilder insert = new StringBuilder("INSERT INTO nq.t VALUES ");
            String wide = "電".repeat(600);
            for (int i = 0; i < ROWS; i++) {
                insert.append('(')
                        .append(1_700_000_000_000_000_000L + i)
                        .append(", ")
                        .append(i % 3 == 0 ? "NULL" : String.valueOf(i))
                        .append(", '")
                        .append(i % 2 == 0 ? wide : "n" + i)
                        .append("') ");
            }
            stmt.executeUpdate(insert.toString());
        }
    }

    @Test
    void everyRowArrivesInBatchesLargerBlocksGrowTheBuffer() {
        long rows = 0;
        long sum = 0;
        int nulls = 0;
        int batches = 0;
        try (NativeQuery query = NativeQuery.open(TDLITE.jdbcUrl("nq"), Map.of(), "SELECT ts, v, note FROM t")) {
            for (NativeBatchReader batch = query.next(); batch != null; batch = query.next()) {
                batches++;
                assertEquals(2, batch.schema().get(0).precision(), "ns timestamps");
                for (int r = 0; r < batch.rowCount(); r++) {
                    long ts = batch.getLong(0, r);
                    int i = (int) (ts - 1_700_000_000_000_000_000L);
                    if (batch.isNull(1, r)) {
                        nulls++;
                    } else {
                        sum += batch.getInt(1, r);
                    }
                    assertEquals(i % 2 == 0 ? "電".repeat(600) : "n" + i, batch.getString(2, r));
                    rows++;
                }
            }
            assertNull(query.next(), "stays at the end");
        }
        assertEquals(ROWS, rows);
        assertEquals((ROWS + 2) / 3, nulls);
        long expected = 0;
        for (int i = 0; i < ROWS; i++) {
            expected += i % 3 == 0 ? 0 : i;
        }
        assertEquals(expected, sum);
        assertTrue(batches > 1);
    }

    /** SplitReader.wakeUp's path: a next() waiting on a stalled server returns at once when woken, and the query then reads on. */
    @Test
    void wakeupEndsAWaitingNextAndTheQueryReadsOn() throws Exception {
        try (FaultProxy proxy = new FaultProxy(TDLITE.server().port());
                NativeQuery query = NativeQuery.open(proxy.jdbcUrl("nq"), Map.of(), "SELECT v, note FROM t")) {
            AtomicLong rows = new AtomicLong(query.next().rowCount());
            proxy.stall(Duration.ofSeconds(3));
            CompletableFuture<Long> woken = CompletableFuture.supplyAsync(() -> {
                long start = System.nanoTime();
                for (NativeBatchReader batch = query.next(); batch != null; batch = query.next()) {
                    rows.addAndGet(batch.rowCount()); // what the read-ahead fetched before the stall
                    start = System.nanoTime();
                }
                assertFalse(query.finished(), "woken, not at the end");
                return (System.nanoTime() - start) / 1_000_000;
            });
            Thread.sleep(500);
            assertFalse(woken.isDone(), "next() waits while the server is stalled");
            query.wakeup();
            long waitedMs = woken.get(5, TimeUnit.SECONDS);
            assertTrue(waitedMs < 2_000, "woken after " + waitedMs + " ms, before the stall ended");
            for (NativeBatchReader batch = query.next(); batch != null; batch = query.next()) {
                rows.addAndGet(batch.rowCount());
            }
            assertTrue(query.finished());
            assertEquals(ROWS, rows.get(), "no batch lost to the wakeup");
        }
    }

    @Test
    void badInputGetsTheDocumentedCodes() {
        String url = TDLITE.jdbcUrl("nq");
        assertCode(0x2603, () -> NativeQuery.open(url, Map.of(), "SELECT * FROM nothing"));
        assertCode(0x2600, () -> NativeQuery.open(url, Map.of(), "SELEC 1"));
        assertCode(
                0xa012, () -> NativeQuery.open(url, Map.of(), "CREATE TABLE IF NOT EXISTS t2 (ts TIMESTAMP, v INT)"));
        assertCode(
                0x357,
                () -> NativeQuery.open(url.replace("password=taosdata", "password=nope"), Map.of(), "SELECT * FROM t"));
        assertCode(
                0xa000,
                () -> NativeQuery.open(
                        "jdbc:TAOS-RS://127.0.0.1:1/nq?user=root&password=taosdata", Map.of(), "SELECT 1"));
        assertCode(0x2319, () -> NativeQuery.open(url.replace("user=root&", ""), Map.of(), "SELECT 1"));
        // Properties fill what the URL leaves out.
        String bare = url.substring(0, url.indexOf('?'));
        try (NativeQuery query =
                NativeQuery.open(bare, Map.of("user", "root", "password", "taosdata"), "SELECT COUNT(*) FROM t")) {
            NativeBatchReader batch = query.next();
            assertEquals(ROWS, batch.getLong(0, 0));
        }
    }

    @Test
    void closingTwiceAndEarlyIsHarmless() {
        NativeQuery query = NativeQuery.open(TDLITE.jdbcUrl("nq"), Map.of(), "SELECT * FROM t");
        query.next();
        query.close();
        query.close();
        assertEquals(0x2322, assertThrows(TDengineException.class, query::next).getErrorCode());
    }

    private static void assertCode(int code, Runnable call) {
        TDengineException e = assertThrows(TDengineException.class, call::run);
        assertEquals(code, e.getErrorCode(), e.getMessage());
    }
}
