package io.tdflink.testutils;

import java.sql.SQLException;
import java.util.concurrent.TimeUnit;

/**
 * Rows with unique BIGINT keys for CDC tests: supertable {@code db.m (ts, k BIGINT) TAGS (g INT)},
 * key k in table {@code t<k % tables>} at ts = {@link #T0} + k ms, inserted in batches so a job
 * sees them arrive over time.
 */
public final class KeyedRows {
    public static final long T0 = 1_700_000_000_000L;

    private final String url;
    private final String db;
    private final int tables;

    /** Creates {@code db} with {@code vgroups}, its supertable and topic {@code db_topic} (reading {@code ts, k, tbname}). */
    public KeyedRows(String url, String db, int vgroups, int tables) throws SQLException {
        this.url = url;
        this.db = db;
        this.tables = tables;
        Sql.execute(
                url,
                "CREATE DATABASE " + db + " VGROUPS " + vgroups,
                "CREATE STABLE " + db + ".m (ts TIMESTAMP, k BIGINT) TAGS (g INT)",
                "CREATE TOPIC " + topic() + " AS SELECT ts, k, tbname FROM " + db + ".m");
    }

    public String topic() {
        return db + "_topic";
    }

    /** Inserts keys [from, to) in batches of {@code batch}, {@code pauseMs} apart; a failed batch is tried again (the server may be restarting). */
    public void insert(long from, long to, int batch, long pauseMs) throws InterruptedException {
        for (long start = from; start < to; start += batch) {
            String sql = batchSql(start, Math.min(to, start + batch));
            for (int attempt = 0; ; attempt++) {
                try {
                    Sql.execute(url, sql);
                    break;
                } catch (SQLException e) {
                    if (attempt == 100) {
                        throw new IllegalStateException("cannot insert keys from " + start, e);
                    }
                    TimeUnit.MILLISECONDS.sleep(100);
                }
            }
            TimeUnit.MILLISECONDS.sleep(pauseMs);
        }
    }

    /** {@link #insert} on a background thread. */
    public Thread insertInBackground(long from, long to, int batch, long pauseMs) {
        Thread thread = new Thread(
                () -> {
                    try {
                        insert(from, to, batch, pauseMs);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                },
                "keyed-rows-inserter");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private String batchSql(long from, long to) {
        StringBuilder sql = new StringBuilder("INSERT INTO");
        for (int t = 0; t < tables; t++) {
            StringBuilder values = new StringBuilder();
            for (long k = from; k < to; k++) {
                if (k % tables == t) {
                    values.append(" (").append(T0 + k).append(", ").append(k).append(")");
                }
            }
            if (values.length() > 0) {
                sql.append(' ')
                        .append(db)
                        .append(".t")
                        .append(t)
                        .append(" USING ")
                        .append(db)
                        .append(".m TAGS (")
                        .append(t)
                        .append(") VALUES")
                        .append(values);
            }
        }
        return sql.toString();
    }
}
