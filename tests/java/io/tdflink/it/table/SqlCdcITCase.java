package io.tdflink.it.table;

import io.tdflink.testutils.CdcJobs;
import io.tdflink.testutils.FlinkClusters;
import io.tdflink.testutils.PowerMeters;
import io.tdflink.testutils.Sql;
import io.tdflink.testutils.SqlJobs;
import io.tdflink.testutils.TdliteExtension;

import org.apache.flink.table.api.TableResult;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * CDC tables: unbounded, metadata columns, and event-time windows that fire although some
 * readers hold no vgroup (the watermark strategy runs inside the source, which marks them idle).
 */
class SqlCdcITCase {
    @RegisterExtension
    static final TdliteExtension TDLITE = new TdliteExtension();

    @RegisterExtension
    static final MiniClusterExtension FLINK = FlinkClusters.miniCluster(3);

    @BeforeAll
    static void fixture() throws Exception {
        CdcJobs.createPowerMeters(TDLITE.jdbcUrl(null));
        Sql.execute(
                TDLITE.jdbcUrl(null),
                "CREATE DATABASE wm VGROUPS 1",
                "CREATE STABLE wm.m (ts TIMESTAMP, v INT) TAGS (g INT)",
                "INSERT INTO wm.m1 USING wm.m TAGS (1) VALUES ('2024-01-01 10:00:00+00:00', 1) ('2024-01-01 10:00:01+00:00', 2)"
                        + " ('2024-01-01 10:00:02+00:00', 3) ('2024-01-01 10:00:03+00:00', 4) ('2024-01-01 10:00:04+00:00', 5)"
                        + " ('2024-01-01 10:00:05+00:00', 6) ('2024-01-01 11:00:00+00:00', 7)",
                "CREATE TOPIC topic_wm AS SELECT ts, v, g FROM wm.m");
    }

    @Test
    void unboundedWithMetadataColumns() throws Exception {
        StreamTableEnvironment tableEnv = SqlJobs.streaming(2);
        tableEnv.executeSql("CREATE TABLE meters (ts TIMESTAMP(3), voltage INT, tbname STRING,"
                + " tp STRING METADATA FROM 'topic' VIRTUAL, vg INT METADATA FROM 'vgroup_id' VIRTUAL, off BIGINT METADATA FROM 'offset' VIRTUAL"
                + ") WITH (" + cdc("topic_meters", "meta") + ")");
        List<Row> rows = take(tableEnv.executeSql("SELECT voltage, tbname, tp, vg, off FROM meters"), PowerMeters.ROWS);
        assertEquals(
                PowerMeters.TOTAL_VOLTAGE,
                rows.stream().mapToInt(r -> (Integer) r.getField(0)).sum());
        for (Row row : rows) {
            assertEquals("topic_meters", row.getField(2));
            assertTrue((Integer) row.getField(3) > 0, "vgroup id " + row);
            assertTrue((Long) row.getField(4) >= 0, "offset " + row);
        }
    }

    @Test
    void eventTimeWindowsFireWithIdleReaders() throws Exception {
        StreamTableEnvironment tableEnv = SqlJobs.streaming(3); // one vgroup: two readers hold none
        tableEnv.executeSql(
                "CREATE TABLE wm (ts TIMESTAMP(3), v INT, g INT, WATERMARK FOR ts AS ts - INTERVAL '1' SECOND) WITH ("
                        + cdc("topic_wm", "windows") + ", 'timezone' = 'UTC')");
        List<Row> windows = take(
                tableEnv.executeSql(
                        "SELECT window_start, COUNT(*), SUM(v) FROM TABLE(TUMBLE(TABLE wm, DESCRIPTOR(ts), INTERVAL '1' MINUTE))"
                                + " GROUP BY window_start, window_end"),
                1);
        assertEquals("2024-01-01T10:00", String.valueOf(windows.get(0).getField(0)));
        assertEquals(6L, windows.get(0).getField(1));
        assertEquals(21, windows.get(0).getField(2));
    }

    private static String cdc(String topic, String group) {
        return "'connector' = 'tdengine-connector', 'td.jdbc.mode' = 'cdc', 'bootstrap.servers' = 'localhost:"
                + TDLITE.server().port() + "'," + " 'topic' = '" + topic + "', 'group.id' = '" + group
                + "', 'auto.offset.reset' = 'earliest', 'poll.interval_ms' = '100'";
    }

    /** The first {@code count} rows of a never-ending query, within the CDC deadline; then the job is cancelled. */
    private static List<Row> take(TableResult result, int count) throws Exception {
        try (CloseableIterator<Row> it = result.collect()) {
            List<Row> rows = CompletableFuture.supplyAsync(() -> {
                        List<Row> out = new ArrayList<>();
                        while (out.size() < count && it.hasNext()) {
                            out.add(it.next());
                        }
                        return out;
                    })
                    .get(CdcJobs.DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
            assertFalse(rows.size() < count, "the query ended early: " + rows);
            return rows;
        }
    }
}
