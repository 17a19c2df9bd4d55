package io.tdflink.it.conformance;

import io.tdflink.testutils.AllTypes;
import io.tdflink.testutils.TdliteExtension;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.taosdata.jdbc.tmq.ConsumerRecord;
import com.taosdata.jdbc.tmq.ConsumerRecords;
import com.taosdata.jdbc.tmq.MapDeserializer;
import com.taosdata.jdbc.tmq.ReferenceDeserializer;
import com.taosdata.jdbc.tmq.TMQConstants;
import com.taosdata.jdbc.tmq.TaosConsumer;
import com.taosdata.jdbc.tmq.TopicPartition;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * TDengine's official JDBC consumer ({@code com.taosdata.jdbc.tmq.TaosConsumer} with
 * {@code td.connect.type=ws}, the consumer the official Flink CDC source uses) against tdlite's
 * {@code /rest/tmq}: every type drained from {@code earliest} through {@link MapDeserializer},
 * rows into a bean through {@link ReferenceDeserializer}, {@code commitSync} and a new consumer
 * of the group resuming, {@code seekToBeginning} replaying, two consumers of one group splitting
 * the vgroups and the survivor taking over at the next rebalance, and the errors for an unknown topic and an invalid
 * group id.
 */
class JdbcConsumerConformanceITCase {
    @RegisterExtension
    static final TdliteExtension TDLITE = new TdliteExtension();

    private static final String[] COLUMNS = {
        "ts", "b", "i8", "i16", "i32", "i64", "u8", "u16", "u32", "u64", "f32", "f64", "vc", "nc", "vb", "geo", "dec",
        "dec64"
    };
    private static final String MINIMA = "false, 127, -32768, 2147483647, -9223372036854775808, 0, 0, 0, 0, "
            + "3.4028234663852886e38, -0.1, '', 'a''b', '\\x00', 'POINT(-0.5 100)', '0.0001', '-99999999.99'";
    private static final Duration POLL = Duration.ofMillis(500);

    /** The row {@link AllTypes#EXTREMES} describes, as {@code getObject} returns it (the driver's documented types). */
    private static Object[] extremes(Timestamp ts) {
        return new Object[] {
            ts,
            true,
            (byte) -128,
            (short) 32767,
            Integer.MIN_VALUE,
            Long.MAX_VALUE,
            (short) 255,
            65535,
            4294967295L,
            new BigInteger("18446744073709551615"),
            -1.5f,
            Double.MAX_VALUE,
            "it's".getBytes(StandardCharsets.UTF_8),
            "涛思数据😀é",
            new byte[] {0, (byte) 0xff, 0x10},
            AllTypes.point(1, 2),
            new BigDecimal("-1234567890123456.7890"),
            new BigDecimal("12345678.90")
        };
    }

    private static Object[] minima(Timestamp ts) {
        return new Object[] {
            ts,
            false,
            (byte) 127,
            (short) -32768,
            Integer.MAX_VALUE,
            Long.MIN_VALUE,
            (short) 0,
            0,
            0L,
            BigInteger.ZERO,
            3.4028234663852886e38f,
            -0.1,
            new byte[0],
            "a'b",
            new byte[] {0},
            AllTypes.point(-0.5, 100),
            new BigDecimal("0.0001"),
            new BigDecimal("-99999999.99")
        };
    }

    private static Object[] nulls(Timestamp ts) {
        Object[] row = new Object[COLUMNS.length];
        row[0] = ts;
        return row;
    }

    /** GEOMETRY comes back as little-endian WKB. */
    /** A µs timestamp {@code micros} after 2023-11-14T22:13:20Z, as tick and as {@link Timestamp}. */
    private static long tick(int micros) {
        return 1_700_000_000_000_000L + micros;
    }

    private static Timestamp timestamp(int micros) {
        return Timestamp.from(Instant.ofEpochSecond(1_700_000_000L, micros * 1000L));
    }

    private static void execute(String... sqls) throws SQLException {
        try (Connection conn = DriverManager.getConnection(TDLITE.jdbcUrl(null));
                Statement stmt = conn.createStatement()) {
            for (String sql : sqls) {
                stmt.execute(sql);
            }
        }
    }

    private static <V> TaosConsumer<V> consumer(String group, Class<?> deserializer) throws SQLException {
        return new TaosConsumer<>(properties(group, deserializer));
    }

    /** The consumer's configuration; a {@code null} group leaves {@code group.id} out. */
    private static Properties properties(String group, Class<?> deserializer) {
        Properties props = new Properties();
        props.setProperty(TMQConstants.CONNECT_TYPE, "ws");
        props.setProperty(
                TMQConstants.BOOTSTRAP_SERVERS, "127.0.0.1:" + TDLITE.server().port());
        props.setProperty(TMQConstants.CONNECT_USER, "root");
        props.setProperty(TMQConstants.CONNECT_PASS, "taosdata");
        if (group != null) {
            props.setProperty(TMQConstants.GROUP_ID, group);
            props.setProperty(TMQConstants.CLIENT_ID, group + "_client");
        }
        props.setProperty(TMQConstants.AUTO_OFFSET_RESET, "earliest");
        props.setProperty(TMQConstants.ENABLE_AUTO_COMMIT, "false");
        props.setProperty(TMQConstants.VALUE_DESERIALIZER, deserializer.getName());
        props.setProperty(TMQConstants.VALUE_DESERIALIZER_ENCODING, "UTF-8");
        return props;
    }

    /** Every record polled until a poll comes back empty; with {@code commit}, commitSync after each poll. */
    private static <V> List<ConsumerRecord<V>> drain(TaosConsumer<V> consumer, boolean commit) throws SQLException {
        List<ConsumerRecord<V>> records = new ArrayList<>();
        for (ConsumerRecords<V> polled = consumer.poll(POLL); !polled.isEmpty(); polled = consumer.poll(POLL)) {
            polled.forEach(records::add);
            if (commit) {
                consumer.commitSync();
            }
        }
        return records;
    }

    @Test
    void earliestDrainsEveryTypeWrittenBeforeAndAfterSubscribing() throws Exception {
        execute(
                "CREATE DATABASE tmq_types PRECISION 'us' VGROUPS 2",
                "CREATE STABLE tmq_types.stb (" + AllTypes.ALL_TYPES + ") TAGS (gid INT)",
                "INSERT INTO tmq_types.d0 USING tmq_types.stb TAGS (0) VALUES (" + tick(1) + ", " + AllTypes.EXTREMES
                        + ")",
                "INSERT INTO tmq_types.d1 USING tmq_types.stb TAGS (1) (ts) VALUES (" + tick(2) + ")",
                "CREATE TOPIC tmq_types_tp AS SELECT " + String.join(", ", COLUMNS) + " FROM tmq_types.stb");
        try (TaosConsumer<Map<String, Object>> consumer = consumer("g_types", MapDeserializer.class)) {
            consumer.subscribe(Collections.singletonList("tmq_types_tp"));
            execute("INSERT INTO tmq_types.d1 USING tmq_types.stb TAGS (1) VALUES (" + tick(3) + ", " + MINIMA + ")");
            List<ConsumerRecord<Map<String, Object>>> records = drain(consumer, false);
            records.forEach(r -> {
                assertEquals("tmq_types_tp", r.getTopic());
                assertEquals("tmq_types", r.getDbName());
            });
            List<Map<String, Object>> rows = records.stream()
                    .map(ConsumerRecord::value)
                    .sorted(Comparator.comparing(row -> (Timestamp) row.get("ts")))
                    .collect(Collectors.toList());
            assertEquals(3, rows.size(), rows.toString());
            assertRow(extremes(timestamp(1)), rows.get(0));
            assertRow(nulls(timestamp(2)), rows.get(1));
            assertRow(minima(timestamp(3)), rows.get(2));
        }
    }

    /** Values and their Java classes, column by column. */
    private static void assertRow(Object[] expected, Map<String, Object> row) {
        assertEquals(Set.of(COLUMNS), row.keySet(), "columns");
        for (int c = 0; c < COLUMNS.length; c++) {
            Object actual = row.get(COLUMNS[c]);
            if (expected[c] == null) {
                assertNull(actual, COLUMNS[c]);
            } else if (expected[c] instanceof byte[]) {
                assertTrue(actual instanceof byte[], COLUMNS[c] + " is byte[]: " + actual);
                assertArrayEquals((byte[]) expected[c], (byte[]) actual, COLUMNS[c]);
            } else {
                assertEquals(expected[c], actual, COLUMNS[c]);
            }
        }
    }

    /** A bean {@link ReferenceDeserializer} fills through typed getters named after its properties. */
    public static class Reading {
        private Timestamp ts;
        private Integer v;

        public Timestamp getTs() {
            return ts;
        }

        public void setTs(Timestamp ts) {
            this.ts = ts;
        }

        public Integer getV() {
            return v;
        }

        public void setV(Integer v) {
            this.v = v;
        }
    }

    public static class ReadingDeserializer extends ReferenceDeserializer<Reading> {}

    /** Readings {@code v = from..to-1} of database {@code db}, spread over eight children of its {@code meters}. */
    private static void insertReadings(String db, int from, int to) throws SQLException {
        execute(IntStream.range(from, to)
                .mapToObj(i -> "INSERT INTO " + db + ".d" + (i % 8) + " USING " + db + ".meters TAGS (" + (i % 8)
                        + ") VALUES (" + tick(i) + ", " + i + ")")
                .toArray(String[]::new));
    }

    /**
     * A database of {@code vgroups} vgroups with {@code meters (ts, v INT)} holding readings 0..19 and a topic
     * {@code <db>_tp} over it.
     */
    private static void readings(String db, int vgroups) throws SQLException {
        execute(
                "CREATE DATABASE " + db + " PRECISION 'us' VGROUPS " + vgroups,
                "CREATE STABLE " + db + ".meters (ts TIMESTAMP, v INT) TAGS (gid INT)",
                "CREATE TOPIC " + db + "_tp AS SELECT ts, v FROM " + db + ".meters");
        insertReadings(db, 0, 20);
    }

    /** A consumer of {@code group} reading readings, subscribed to {@code topic}. */
    private static TaosConsumer<Reading> subscribed(String group, String topic) throws SQLException {
        TaosConsumer<Reading> consumer = consumer(group, ReadingDeserializer.class);
        consumer.subscribe(Collections.singletonList(topic));
        return consumer;
    }

    /** The {@code v} of every reading drained (committing after each poll when {@code commit}), checking each timestamp. */
    private static List<Integer> drainReadings(TaosConsumer<Reading> consumer, boolean commit) throws SQLException {
        Function<ConsumerRecord<Reading>, Integer> v = r -> {
            assertEquals(timestamp(r.value().getV()), r.value().getTs());
            return r.value().getV();
        };
        return drain(consumer, commit).stream().map(v).sorted().collect(Collectors.toList());
    }

    private static List<Integer> range(int from, int to) {
        return IntStream.range(from, to).boxed().collect(Collectors.toList());
    }

    @Test
    void commitSyncThenNewConsumerInGroupResumes() throws Exception {
        readings("tmq_resume", 2);
        try (TaosConsumer<Reading> consumer = subscribed("g_resume", "tmq_resume_tp")) {
            assertEquals(range(0, 20), drainReadings(consumer, true));
        }
        insertReadings("tmq_resume", 20, 30);
        try (TaosConsumer<Reading> consumer = subscribed("g_resume", "tmq_resume_tp")) {
            assertEquals(range(20, 30), drainReadings(consumer, true), "resumes after the committed offsets");
        }
    }

    @Test
    void seekToBeginningReplaysEveryVgroup() throws Exception {
        readings("tmq_seek", 4);
        try (TaosConsumer<Reading> consumer = subscribed("g_seek", "tmq_seek_tp")) {
            assertEquals(range(0, 20), drainReadings(consumer, false));
            Set<TopicPartition> assignment = consumer.assignment();
            assertEquals(4, assignment.size(), "one consumer owns every vgroup: " + assignment);
            consumer.seekToBeginning(assignment);
            assertEquals(range(0, 20), drainReadings(consumer, false), "every vgroup replays from its beginning");
        }
    }

    @Test
    void oneGroupSplitsTheVgroupsAndTheSurvivorTakesOver() throws Exception {
        readings("tmq_split", 4);
        try (TaosConsumer<Reading> survivor = subscribed("g_split", "tmq_split_tp")) {
            try (TaosConsumer<Reading> leaving = subscribed("g_split", "tmq_split_tp")) {
                Set<TopicPartition> mine = survivor.assignment();
                Set<TopicPartition> theirs = leaving.assignment();
                assertEquals(2, mine.size(), mine.toString());
                assertEquals(2, theirs.size(), theirs.toString());
                assertTrue(Collections.disjoint(mine, theirs), mine + " and " + theirs);
                List<Integer> read = new ArrayList<>(drainReadings(survivor, true));
                read.addAll(drainReadings(leaving, true));
                Collections.sort(read);
                assertEquals(range(0, 20), read, "no row lost, none delivered twice");
            }
            insertReadings("tmq_split", 20, 30);
            // The leaving consumer's vgroups are the survivor's from the next rebalance on
            // (TDengine rebalances every 2 s).
            List<Integer> rest = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (rest.size() < 10 && System.nanoTime() < deadline) {
                rest.addAll(drainReadings(survivor, true));
            }
            Collections.sort(rest);
            assertEquals(range(20, 30), rest, "the survivor reads every vgroup");
            assertEquals(4, survivor.assignment().size());
        }
    }

    @Test
    void subscribingAnUnknownTopicFailsWith0x03E1() throws Exception {
        try (TaosConsumer<Map<String, Object>> consumer = consumer("g_unknown", MapDeserializer.class)) {
            SQLException e = assertThrows(
                    SQLException.class, () -> consumer.subscribe(Collections.singletonList("no_such_topic")));
            assertTrue(e.getMessage().toLowerCase().contains("0x3e1"), "0x3e1 expected in: " + e);
        }
    }

    @Test
    void aMissingGroupIdIsRefusedALongOneCut() throws Exception {
        readings("tmq_groups", 1);
        // Without group.id taosAdapter's consumer creation fails (65535, libtaos' text).
        SQLException missing =
                assertThrows(SQLException.class, () -> subscribe(properties(null, MapDeserializer.class)));
        assertTrue(
                missing.getMessage().contains("(0xffff)")
                        && missing.getMessage().contains("group id is empty"),
                missing.toString());
        // Longer than TDengine's 192 bytes is not refused: libtaos' tmq_conf_set cuts it.
        subscribe(properties("g".repeat(193), MapDeserializer.class));
    }

    private static void subscribe(Properties props) throws SQLException {
        try (TaosConsumer<Map<String, Object>> consumer = new TaosConsumer<>(props)) {
            consumer.subscribe(Collections.singletonList("tmq_groups_tp"));
        }
    }
}
