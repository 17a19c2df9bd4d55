package io.tdflink.it;

import io.tdflink.common.TDengineException;
import io.tdflink.jni.NativeBatchReader;
import io.tdflink.jni.NativeConsumer;
import io.tdflink.jni.NativeTmqMessage;
import io.tdflink.testutils.Sql;
import io.tdflink.testutils.TdliteExtension;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The TMQ consumer through JNI: tdlite, the Rust consumer, one message per poll, Java. */
class NativeConsumerITCase {
    @RegisterExtension
    static final TdliteExtension TDLITE = new TdliteExtension();

    private static final int TABLES = 4;
    private static final int ROWS = 50;

    @BeforeAll
    static void loadData() throws Exception {
        List<String> sql = new ArrayList<>();
        sql.add("CREATE DATABASE nc VGROUPS 2");
        sql.add("CREATE STABLE nc.st (ts TIMESTAMP, v INT, note VARCHAR(20)) TAGS (g INT)");
        for (int t = 0; t < TABLES; t++) {
            sql.add("CREATE TABLE nc.t" + t + " USING nc.st TAGS (" + t + ")");
        }
        sql.add("CREATE TOPIC nc_tp AS SELECT ts, v, note FROM nc.st");
        for (int t = 0; t < TABLES; t++) {
            sql.add(insert(t, 0, ROWS));
        }
        Sql.execute(TDLITE.jdbcUrl(null), sql.toArray(new String[0]));
    }

    /** Row r of table t holds v = t * 1000 + r and note "n" + v. */
    private static String insert(int table, int from, int to) {
        return "INSERT INTO nc.t" + table + " VALUES "
                + IntStream.range(from, to)
                        .mapToObj(r -> "(" + (1_700_000_000_000L + r) + ", " + (table * 1000 + r) + ", 'n"
                                + (table * 1000 + r) + "')")
                        .collect(Collectors.joining(" "));
    }

    /** Polls until {@code count} values arrived or 20 s passed; checks each row as it reads it. */
    private static List<Integer> read(NativeConsumer consumer, int count) {
        List<Integer> values = new ArrayList<>();
        long deadline = System.currentTimeMillis() + 20_000;
        while (values.size() < count && System.currentTimeMillis() < deadline) {
            NativeTmqMessage message = consumer.poll(200);
            if (message == null) {
                continue;
            }
            assertEquals("nc_tp", message.topic());
            assertEquals("nc", message.database());
            for (int b = 0; b < message.blockCount(); b++) {
                assertTrue(message.tableName(b).startsWith("t"), message.tableName(b));
                NativeBatchReader batch = message.block(b);
                assertEquals("v", batch.schema().get(1).name());
                for (int r = 0; r < batch.rowCount(); r++) {
                    int v = batch.getInt(1, r);
                    assertEquals("n" + v, batch.getString(2, r));
                    assertEquals(1_700_000_000_000L + v % 1000, batch.getLong(0, r));
                    values.add(v);
                }
            }
        }
        return values;
    }

    private static List<Integer> expected(int from, int to) {
        List<Integer> all = new ArrayList<>();
        for (int t = 0; t < TABLES; t++) {
            for (int r = from; r < to; r++) {
                all.add(t * 1000 + r);
            }
        }
        return all;
    }

    private static List<Integer> sorted(List<Integer> values) {
        return values.stream().sorted().collect(Collectors.toList());
    }

    @Test
    void pollsBatchesSeeksBackAndCommits() throws Exception {
        try (NativeConsumer consumer = NativeConsumer.open(TDLITE.consumerProperties("java-a"), List.of("nc_tp"))) {
            assertEquals(sorted(expected(0, ROWS)), sorted(read(consumer, TABLES * ROWS)));
            assertNull(consumer.poll(300), "drained");

            List<NativeConsumer.Assignment> assignment = consumer.assignment();
            assertEquals(2, assignment.size(), assignment.toString());

            // Back to the beginning of every vgroup: everything again.
            for (NativeConsumer.Assignment a : assignment) {
                consumer.seek(a.topic, a.vgroupId, a.begin);
            }
            assertEquals(sorted(expected(0, ROWS)), sorted(read(consumer, TABLES * ROWS)));

            // The server's position of each vgroup is right after what was read.
            for (NativeConsumer.Assignment a : consumer.assignment()) {
                consumer.commit(a.topic, a.vgroupId, a.current);
            }
        }
        // A new consumer of the group starts after the committed offsets: only new rows.
        try (NativeConsumer consumer = NativeConsumer.open(TDLITE.consumerProperties("java-a"), List.of("nc_tp"))) {
            assertNull(consumer.poll(300), "everything was committed");
            List<String> more = new ArrayList<>();
            for (int t = 0; t < TABLES; t++) {
                more.add(insert(t, ROWS, ROWS + 5));
            }
            Sql.execute(TDLITE.jdbcUrl(null), more.toArray(new String[0]));
            assertEquals(sorted(expected(ROWS, ROWS + 5)), sorted(read(consumer, TABLES * 5)));
        }
    }

    @Test
    void badSettingsAndUseAfterCloseHaveTheirCodes() {
        Map<String, String> noGroup = TDLITE.consumerProperties("x");
        noGroup.remove("group.id");
        TDengineException e =
                assertThrows(TDengineException.class, () -> NativeConsumer.open(noGroup, List.of("nc_tp")));
        assertEquals(0xa001, e.getErrorCode(), e.getMessage());
        e = assertThrows(
                TDengineException.class,
                () -> NativeConsumer.open(TDLITE.consumerProperties("x"), List.of("no_such_topic")));
        assertEquals(0x03E1, e.getErrorCode(), e.getMessage());

        NativeConsumer consumer = NativeConsumer.open(TDLITE.consumerProperties("java-b"), List.of("nc_tp"));
        consumer.close();
        assertTrue(consumer.isClosed());
        e = assertThrows(TDengineException.class, () -> consumer.poll(10));
        assertEquals(0x2322, e.getErrorCode());
    }
}
