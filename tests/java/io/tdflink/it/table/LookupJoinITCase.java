package io.tdflink.it.table;

import io.tdflink.common.TDengineException;
import io.tdflink.testutils.FlinkClusters;
import io.tdflink.testutils.PowerMeters;
import io.tdflink.testutils.Sql;
import io.tdflink.testutils.SqlJobs;
import io.tdflink.testutils.TdliteExtension;

import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.table.functions.ScalarFunction;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.Row;
import org.apache.flink.util.ExceptionUtils;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * TDengine as the dimension table of {@code FOR SYSTEM_TIME AS OF} joins: keys on tbname, a
 * tag, columns and two at once; misses (LEFT JOIN nulls) and NULL keys; filters on the
 * dimension table; Flink's partial cache (an answer cached, a miss cached or not, a key
 * evicted); retries. A probe row may run a statement on TDengine just before its own lookup
 * (the {@code run_then} function), so a second probe of a key sees a change made after the
 * first: the probe is one task (parallelism 1), rows in order.
 */
class LookupJoinITCase {
    @RegisterExtension
    static final TdliteExtension TDLITE = new TdliteExtension();

    @RegisterExtension
    static final MiniClusterExtension FLINK = FlinkClusters.miniCluster(2);

    private static final String METERS =
            "ts TIMESTAMP(3), `current` FLOAT, voltage INT, phase FLOAT, location STRING, groupid INT, tbname STRING";

    @BeforeAll
    static void fixture() throws Exception {
        PowerMeters.create(TDLITE.jdbcUrl(null));
        Sql.execute(
                TDLITE.jdbcUrl(null),
                "DROP DATABASE IF EXISTS lookup_cache",
                "CREATE DATABASE lookup_cache",
                "CREATE STABLE lookup_cache.s (ts TIMESTAMP, v INT) TAGS (g INT)");
    }

    @Test
    void keyedByTbnameWithMissesAndNullKeys() throws Exception {
        StreamTableEnvironment tableEnv = tableEnv("meters", "power", "'table.name' = 'meters'");
        probe(tableEnv, "k STRING", "(1, 'd1001'), (2, 'd1009'), (3, CAST(NULL AS STRING))");
        String join = " JOIN meters FOR SYSTEM_TIME AS OF p.proc AS m ON p.k = m.tbname";
        Map<Integer, List<String>> left =
                byId(tableEnv, "SELECT p.id, m.tbname, m.voltage FROM probe AS p LEFT" + join);
        assertEquals(times(3, "d1001 201", "d1001 202", "d1001 203"), left.get(1));
        assertEquals(List.of("null null"), left.get(2), "a key no row has: nulls");
        assertEquals(List.of("null null"), left.get(3), "a NULL key matches nothing");
        Map<Integer, List<String>> inner = byId(tableEnv, "SELECT p.id, m.tbname, m.voltage FROM probe AS p" + join);
        assertEquals(Collections.singleton(1), inner.keySet());
        assertEquals(left.get(1), inner.get(1));
    }

    @Test
    void keyedByATag() throws Exception {
        StreamTableEnvironment tableEnv = tableEnv("meters", "power", "'table.name' = 'meters'");
        probe(tableEnv, "g INT", "(1, 2), (2, 3)");
        Map<Integer, List<String>> rows = byId(
                tableEnv,
                "SELECT p.id, m.location, m.tbname, m.voltage FROM probe AS p LEFT JOIN meters FOR SYSTEM_TIME AS OF p.proc AS m ON p.g = m.groupid");
        assertEquals(
                times(
                        3,
                        "Alabama.Montgomery d1002 204",
                        "Alabama.Montgomery d1002 205",
                        "Alabama.Montgomery d1002 206"),
                rows.get(1));
        assertEquals(List.of("null null null"), rows.get(2));
    }

    @Test
    void keyedByColumns() throws Exception {
        StreamTableEnvironment tableEnv = tableEnv("meters", "power", "'table.name' = 'meters'");
        probe(
                tableEnv,
                "v INT, t TIMESTAMP(3)",
                "(1, 205, TIMESTAMP '2024-12-19 18:12:45.642'), (2, 200, TIMESTAMP '2024-12-19 18:12:45.643')");
        Map<Integer, List<String>> byVoltage = byId(
                tableEnv,
                "SELECT p.id, m.tbname, m.ts FROM probe AS p LEFT JOIN meters FOR SYSTEM_TIME AS OF p.proc AS m ON p.v = m.voltage");
        assertEquals(
                List.of(
                        "d1002 2024-12-19T17:12:46.642",
                        "d1002 2024-12-19T18:12:46.642",
                        "d1002 2024-12-19T19:12:46.642"),
                byVoltage.get(1));
        assertEquals(List.of("null null"), byVoltage.get(2));
        Map<Integer, List<String>> byTime = byId(
                tableEnv,
                "SELECT p.id, m.tbname, m.voltage FROM probe AS p LEFT JOIN meters FOR SYSTEM_TIME AS OF p.proc AS m ON p.t = m.ts");
        assertEquals(List.of("d1001 201", "d1002 204"), byTime.get(1));
        assertEquals(List.of("null null"), byTime.get(2), "a millisecond later: no row");
    }

    @Test
    void keyedByTwoKeysAndFiltered() throws Exception {
        StreamTableEnvironment tableEnv = tableEnv("meters", "power", "'table.name' = 'meters'");
        probe(tableEnv, "k STRING, v INT", "(1, 'd1001', 202), (2, 'd1002', 202)");
        Map<Integer, List<String>> rows = byId(
                tableEnv,
                "SELECT p.id, m.tbname, m.voltage FROM probe AS p"
                        + " LEFT JOIN meters FOR SYSTEM_TIME AS OF p.proc AS m ON p.k = m.tbname AND p.v = m.voltage");
        assertEquals(times(3, "d1001 202"), rows.get(1));
        assertEquals(List.of("null null"), rows.get(2));
        Map<Integer, List<String>> filtered = byId(
                tableEnv,
                "SELECT p.id, m.voltage, m.location FROM probe AS p"
                        + " JOIN meters FOR SYSTEM_TIME AS OF p.proc AS m ON p.k = m.tbname WHERE m.voltage > 202 AND m.location LIKE 'Cal%'");
        assertEquals(Map.of(1, times(3, "203 California.SanFrancisco")), filtered);
    }

    @Test
    void scanQueryTableAsDimension() throws Exception {
        StreamTableEnvironment tableEnv =
                StreamTableEnvironment.create(environment(), EnvironmentSettings.inStreamingMode());
        SqlJobs.execute(
                tableEnv,
                ddl(
                        "readings",
                        "ts TIMESTAMP(3), volts INT, tbname STRING",
                        "power",
                        "'scan.query' = 'select ts, voltage as volts, tbname from meters where groupid = 1'"));
        probe(tableEnv, "k STRING", "(1, 'd1001'), (2, 'd1002')");
        Map<Integer, List<String>> rows = byId(
                tableEnv,
                "SELECT p.id, m.volts FROM probe AS p LEFT JOIN readings FOR SYSTEM_TIME AS OF p.proc AS m ON p.k = m.tbname");
        assertEquals(times(3, "201", "202", "203"), rows.get(1));
        assertEquals(List.of("null"), rows.get(2), "d1002 is not in the query's rows");
    }

    /**
     * Probes: 1 a key with one row, 2 a key with none; then 3 adds a row for key 1 and 4 creates
     * key 2's, each just before its lookup. Uncached lookups see the changes; a cached answer
     * (or cached miss) hides them; a cache of one key holds only the last answer, so key 1's
     * was evicted by key 2's miss, and that by key 1's new answer.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "none    | 'lookup.cache' = 'NONE'                                                                         | 1 2 | 3",
                "partial | 'lookup.cache' = 'PARTIAL', 'lookup.partial-cache.max-rows' = '100'                           | 1   | null",
                "hits    | 'lookup.cache' = 'PARTIAL', 'lookup.partial-cache.expire-after-write' = '1 h', 'lookup.partial-cache.cache-missing-key' = 'false' | 1 | 3",
                "evicted | 'lookup.cache' = 'PARTIAL', 'lookup.partial-cache.max-rows' = '1'                             | 1 2 | 3",
            })
    void cacheOptions(String name, String options, String thirdProbe, String fourthProbe) throws Exception {
        Sql.execute(
                TDLITE.jdbcUrl(null),
                "INSERT INTO lookup_cache." + name + "_hit USING lookup_cache.s TAGS (1) VALUES (1704067200000, 1)");
        StreamTableEnvironment tableEnv = tableEnv(
                "dim", "lookup_cache", "'table.name' = 's', " + options, "ts TIMESTAMP(3), v INT, tbname STRING");
        String hit = name + "_hit";
        String miss = name + "_miss";
        String none = "''";
        runningProbe(
                tableEnv,
                String.format(
                        "(1, '%s', %s, %s), (2, '%s', %s, %s),"
                                + " (3, '%s', 'INSERT INTO lookup_cache.%s VALUES (1704067201000, 2)', %s),"
                                + " (4, '%s', 'INSERT INTO lookup_cache.%s USING lookup_cache.s TAGS (2) VALUES (1704067200000, 3)', %s)",
                        hit, none, none, miss, none, none, hit, hit, none, miss, miss, none));
        Map<Integer, List<String>> rows = byId(
                tableEnv,
                "SELECT p.id, m.v FROM probe AS p LEFT JOIN dim FOR SYSTEM_TIME AS OF p.proc AS m ON p.k = m.tbname");
        assertEquals(List.of("1"), rows.get(1));
        assertEquals(List.of("null"), rows.get(2));
        assertEquals(Arrays.asList(thirdProbe.split(" ")), rows.get(3), "key 1 after a row was added");
        assertEquals(List.of(fourthProbe), rows.get(4), "key 2 after its row was added");
    }

    /**
     * The table is dropped just before the lookup and back 300 ms later, created with its row in
     * one statement (a lookup between a CREATE and an INSERT would rightly find nothing): retries find it.
     */
    @Test
    void retriesUntilTheServerAnswers() throws Exception {
        Sql.execute(
                TDLITE.jdbcUrl(null),
                "DROP DATABASE IF EXISTS lookup_retry",
                "CREATE DATABASE lookup_retry",
                "CREATE STABLE lookup_retry.s (ts TIMESTAMP, v INT) TAGS (g INT)",
                "INSERT INTO lookup_retry.t USING lookup_retry.s TAGS (1) VALUES (1704067200000, 7)");
        StreamTableEnvironment tableEnv = tableEnv(
                "dim",
                "lookup_retry",
                "'table.name' = 't', 'lookup.max-retries' = '6'",
                "ts TIMESTAMP(3), v INT, tbname STRING");
        runningProbe(
                tableEnv,
                "(1, 't', 'DROP TABLE lookup_retry.t', 'INSERT INTO lookup_retry.t USING lookup_retry.s TAGS (1) VALUES (1704067200000, 8)')");
        assertEquals(
                Map.of(1, List.of("8")),
                byId(
                        tableEnv,
                        "SELECT p.id, m.v FROM probe AS p JOIN dim FOR SYSTEM_TIME AS OF p.proc AS m ON p.k = m.tbname"));
    }

    @Test
    void failsWithTheServersCodeOnceRetriesAreSpent() throws Exception {
        Sql.execute(
                TDLITE.jdbcUrl(null),
                "DROP DATABASE IF EXISTS lookup_gone",
                "CREATE DATABASE lookup_gone",
                "CREATE TABLE lookup_gone.t (ts TIMESTAMP, v INT)");
        StreamTableEnvironment tableEnv = tableEnv(
                "dim",
                "lookup_gone",
                "'table.name' = 't', 'lookup.max-retries' = '2'",
                "ts TIMESTAMP(3), v INT, tbname STRING");
        runningProbe(tableEnv, "(1, 't', 'DROP TABLE lookup_gone.t', '')");
        Exception failure = assertThrows(
                Exception.class,
                () -> byId(
                        tableEnv,
                        "SELECT p.id, m.v FROM probe AS p JOIN dim FOR SYSTEM_TIME AS OF p.proc AS m ON p.k = m.tbname"));
        Optional<TDengineException> cause = ExceptionUtils.findThrowable(failure, TDengineException.class);
        assertTrue(cause.isPresent(), () -> ExceptionUtils.stringifyException(failure));
        assertEquals(0x2603, cause.get().getErrorCode(), cause.get().getMessage());
        assertTrue(
                cause.get()
                        .getMessage()
                        .startsWith("TDengine ERROR (0x2603): lookup failed after 3 attempts: Table does not exist"),
                cause.get().getMessage());
        assertFalse(
                cause.get().getMessage().contains("taosdata"),
                "no password in " + cause.get().getMessage());
    }

    @Test
    void badLookupOptionsFailThePlan() {
        for (String options :
                new String[] {"'lookup.max-retries' = '-1'", "'lookup.cache' = 'FULL'", "'lookup.cache' = 'PARTIAL'"}) {
            StreamTableEnvironment tableEnv = tableEnv("meters", "power", "'table.name' = 'meters', " + options);
            probe(tableEnv, "k STRING", "(1, 'd1001')");
            Exception e = assertThrows(
                    Exception.class,
                    () -> tableEnv.explainSql(
                            "SELECT p.id, m.voltage FROM probe AS p JOIN meters FOR SYSTEM_TIME AS OF p.proc AS m ON p.k = m.tbname"));
            assertTrue(
                    ExceptionUtils.findThrowable(e, ValidationException.class).isPresent(),
                    ExceptionUtils.stringifyException(e));
            String option = options.substring(1, options.indexOf('\'', 1));
            assertTrue(
                    ExceptionUtils.stringifyException(e).contains("'" + option + "'"),
                    () -> options + ": " + ExceptionUtils.stringifyException(e));
        }
    }

    // ---- helpers ----

    private static StreamExecutionEnvironment environment() {
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(FlinkClusters.notRestarting());
        env.setParallelism(1);
        return env;
    }

    private static StreamTableEnvironment tableEnv(String table, String database, String options) {
        return tableEnv(table, database, options, METERS);
    }

    private static StreamTableEnvironment tableEnv(String table, String database, String options, String columns) {
        StreamTableEnvironment tableEnv =
                StreamTableEnvironment.create(environment(), EnvironmentSettings.inStreamingMode());
        SqlJobs.execute(tableEnv, ddl(table, columns, database, options));
        return tableEnv;
    }

    private static String ddl(String table, String columns, String database, String options) {
        return "CREATE TABLE " + table + " (" + columns
                + ") WITH ('connector' = 'tdengine-connector', 'td.jdbc.mode' = 'source',"
                + " 'td.jdbc.url' = 'jdbc:TAOS-WS://localhost:"
                + TDLITE.server().port() + "/" + database + "', 'user' = 'root',"
                + " 'password' = 'taosdata', 'timezone' = 'UTC', " + options + ")";
    }

    /** View {@code probe(id, <columns>, proc)} of {@code rows}, each {@code (id, values...)}. */
    private static void probe(StreamTableEnvironment tableEnv, String columns, String rows) {
        List<String> casts = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (String column : columns.split(",")) {
            String[] nameAndType = column.trim().split(" ", 2);
            names.add(nameAndType[0]);
            casts.add("CAST(" + nameAndType[0] + " AS " + nameAndType[1] + ") AS " + nameAndType[0]);
        }
        tableEnv.executeSql("CREATE TEMPORARY VIEW probe AS SELECT id, " + String.join(", ", casts)
                + ", PROCTIME() AS proc FROM (VALUES " + rows + ") AS t(id, " + String.join(", ", names) + ")");
    }

    /**
     * View {@code probe(id, k, proc)} of {@code rows}, each {@code (id, key, statement, later)}:
     * a row runs {@code statement} on TDengine before its key is looked up (and {@code later}
     * 300 ms on); '' for none. Literal rows only: they stay one VALUES
     * operator chained to the lookup, so each row's statement runs just before its own lookup.
     */
    private static void runningProbe(StreamTableEnvironment tableEnv, String rows) {
        tableEnv.createTemporarySystemFunction("run_then", new RunThen(TDLITE.jdbcUrl(null)));
        tableEnv.executeSql(
                "CREATE TEMPORARY VIEW probe AS SELECT id, run_then(CAST(k AS STRING), CAST(stmt AS STRING), CAST(later AS STRING)) AS k,"
                        + " PROCTIME() AS proc FROM (VALUES " + rows + ") AS t(id, k, stmt, later)");
    }

    /** The rows of {@code query} (first column an id) grouped by id, the other columns joined by spaces, sorted. */
    private static Map<Integer, List<String>> byId(StreamTableEnvironment tableEnv, String query) throws Exception {
        Map<Integer, List<String>> out = new TreeMap<>();
        for (Row row : SqlJobs.rows(tableEnv, query)) {
            List<String> rest = new ArrayList<>();
            for (int i = 1; i < row.getArity(); i++) {
                rest.add(String.valueOf(row.getField(i)));
            }
            out.computeIfAbsent((Integer) row.getField(0), id -> new ArrayList<>())
                    .add(String.join(" ", rest));
        }
        out.values().forEach(Collections::sort);
        return out;
    }

    private static List<String> times(int n, String... values) {
        return Arrays.stream(values)
                .flatMap(v -> Collections.nCopies(n, v).stream())
                .sorted()
                .collect(Collectors.toList());
    }

    /**
     * {@code run_then(key, statement, later)}: runs {@code statement} (unless blank) on TDengine,
     * then {@code later} (statements split at ';', unless blank) on another thread 300 ms on, and
     * returns {@code key}.
     */
    public static final class RunThen extends ScalarFunction {
        private final String url;

        public RunThen(String url) {
            this.url = url;
        }

        public String eval(String key, String statement, String later) throws Exception {
            if (!statement.trim().isEmpty()) {
                Sql.execute(url, statement);
            }
            if (!later.trim().isEmpty()) {
                Thread thread = new Thread(
                        () -> {
                            try {
                                Thread.sleep(300);
                                Sql.execute(url, later.split(";"));
                            } catch (Exception e) {
                                throw new IllegalStateException(e);
                            }
                        },
                        "run_then-later");
                thread.setDaemon(true);
                thread.start();
            }
            return key;
        }

        @Override
        public boolean isDeterministic() {
            return false;
        }
    }
}
