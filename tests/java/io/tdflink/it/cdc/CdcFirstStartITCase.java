package io.tdflink.it.cdc;

import io.tdflink.cdc.TDengineCdcSource;
import io.tdflink.common.TDengineCdcParams;
import io.tdflink.testutils.ArrivalCheck;
import io.tdflink.testutils.ArrivalLedger;
import io.tdflink.testutils.CdcJobs;
import io.tdflink.testutils.FlinkClusters;
import io.tdflink.testutils.KeyedRows;
import io.tdflink.testutils.TdliteExtension;

import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.table.data.RowData;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A new group's first start with {@code latest} at parallelism 3, rows inserted all along: the
 * readers join the group one by one and TMQ moves vgroups between them before any checkpoint.
 * A vgroup moved before its first owner committed would restart at {@code latest} again, on
 * the new owner, skipping the rows inserted meanwhile. Every table must start together and
 * nothing after its start may be missing.
 */
class CdcFirstStartITCase {
    @RegisterExtension
    static final TdliteExtension TDLITE = new TdliteExtension();

    @RegisterExtension
    static final MiniClusterExtension FLINK = FlinkClusters.miniCluster(3);

    private static final int TABLES = 8;
    /** Keys inserted before the job: {@code latest} rightly skips them. */
    private static final long BEFORE = 80;

    private static final long END = BEFORE + 4000;

    @Test
    void rowsInsertedWhileReadersJoinAreAllRead() throws Exception {
        ArrivalLedger.reset();
        KeyedRows rows = new KeyedRows(TDLITE.jdbcUrl(null), "first_start", 4, TABLES);
        rows.insert(0, BEFORE, TABLES, 0);
        Thread inserter = rows.insertInBackground(BEFORE, END, TABLES, 2);
        Properties properties = CdcJobs.properties(TDLITE.server(), "first_start");
        properties.setProperty(TDengineCdcParams.AUTO_OFFSET_RESET, "latest");
        StreamExecutionEnvironment env = CdcJobs.environment(3);
        CdcJobs.stream(env, new TDengineCdcSource<>(rows.topic(), properties, RowData.class))
                .map(new ArrivalCheck(1))
                .sinkTo(new DiscardingSink<>());
        JobClient job = env.executeAsync("first start");
        try {
            inserter.join(TimeUnit.SECONDS.toMillis(120));
            ArrivalLedger.awaitKeys(END - TABLES, END, 60);
        } finally {
            job.cancel().get(30, TimeUnit.SECONDS);
        }
        Map<Long, Long> firstKeyOfTable = new TreeMap<>();
        ArrivalLedger.COUNTS.keySet().forEach(k -> firstKeyOfTable.merge(k % TABLES, k, Math::min));
        assertEquals(TABLES, firstKeyOfTable.size(), "tables read: " + firstKeyOfTable);
        long earliest = firstKeyOfTable.values().stream().min(Long::compare).get();
        long latest = firstKeyOfTable.values().stream().max(Long::compare).get();
        // One insert batch holds a row of every table. Each vgroup starts at 'latest' as its reader
        // is given it, so tables start within a few batches (3 allowed, seen up to 2 on a loaded
        // machine); a vgroup restarted at 'latest' after a move would start hundreds later.
        assertTrue(
                latest - earliest <= 3 * TABLES,
                "tables started " + (latest - earliest) / TABLES + " batches apart: " + firstKeyOfTable);
        assertEquals(0, ArrivalLedger.missing(latest, END), "rows missing after every table started");
        System.out.printf(
                "FIRST_START tables_spread_batches=%d read_from=%d rows=%d%n",
                (latest - earliest) / TABLES, latest, END - latest);
    }
}
