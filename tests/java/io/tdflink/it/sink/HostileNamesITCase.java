package io.tdflink.it.sink;

import io.tdflink.common.TDengineConfigParams;
import io.tdflink.common.TDengineException;
import io.tdflink.sink.TDengineSink;
import io.tdflink.testutils.FlinkClusters;
import io.tdflink.testutils.Sql;
import io.tdflink.testutils.TdliteExtension;

import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.RowKind;
import org.apache.flink.util.ExceptionUtils;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A row's tbname is data, never SQL: a DELETE row whose tbname tries to widen the DELETE
 * deletes nothing and fails with 0xa014 naming the row; a tbname naming another database is
 * refused alike; names TDengine allows (quotes, semicolons, comments, newlines, 192 bytes) name
 * the subtable TDengine reads them as (unquoted: in lower case) for inserts and deletes alike.
 */
class HostileNamesITCase {
    @RegisterExtension
    static final TdliteExtension TDLITE = new TdliteExtension();

    @RegisterExtension
    static final MiniClusterExtension FLINK = FlinkClusters.miniCluster(1);

    private static final List<String> FIELDS = Arrays.asList("tbname", "ts", "v", "g");

    @BeforeEach
    void fixture() throws Exception {
        Sql.execute(
                TDLITE.jdbcUrl(null),
                "DROP DATABASE IF EXISTS hostile",
                "CREATE DATABASE hostile",
                "CREATE STABLE hostile.st (ts TIMESTAMP, v INT) TAGS (g INT)",
                "INSERT INTO hostile.d1 USING hostile.st TAGS (1) VALUES (1000, 1) (2000, 2) (3000, 3)");
    }

    @Test
    void aDeleteRowsTbnameNeverBecomesSql() throws Exception {
        Exception failure = assertThrows(
                Exception.class, () -> run(Collections.singletonList(row(RowKind.DELETE, "d1` WHERE ts >= 0 --", 99))));
        Optional<TDengineException> cause = ExceptionUtils.findThrowable(failure, TDengineException.class);
        assertTrue(cause.isPresent(), ExceptionUtils.stringifyException(failure));
        assertEquals(0xa014, cause.get().getErrorCode(), cause.get().getMessage());
        assertTrue(
                cause.get().getMessage().contains("row 0: tbname"), cause.get().getMessage());
        assertEquals(3, Sql.number(TDLITE.jdbcUrl("hostile"), "select count(*) from d1"), "d1 keeps every row");
    }

    @ParameterizedTest
    @ValueSource(strings = {"a;b'c -- d", "x WHERE 1=1", "new\nline", "\"dq\"", "`Exact Case`"})
    void namesTdengineAllowsNameTheSameSubtableForInsertsAndDeletes(String name) throws Exception {
        run(Arrays.asList(row(RowKind.INSERT, name, 7), row(RowKind.INSERT, name, 8), row(RowKind.DELETE, name, 7)));
        String read = name.startsWith("`") ? name.substring(1, name.length() - 1) : name.toLowerCase(Locale.ROOT);
        assertEquals(
                Collections.singletonList(read),
                Sql.rows(TDLITE.jdbcUrl("hostile"), "select distinct tbname from st where v = 8"));
        assertEquals(3, Sql.number(TDLITE.jdbcUrl("hostile"), "select count(*) from d1"));
        assertEquals(
                4,
                Sql.number(TDLITE.jdbcUrl("hostile"), "select count(*) from st"),
                "d1's three rows and the new table's one");
    }

    @Test
    void aNameOfTheLongestLengthIsWrittenAndALongerOneRefused() throws Exception {
        String longest = "n".repeat(192);
        run(Arrays.asList(
                row(RowKind.INSERT, longest, 1), row(RowKind.INSERT, longest, 2), row(RowKind.DELETE, longest, 1)));
        assertEquals(
                1, Sql.number(TDLITE.jdbcUrl("hostile"), "select count(*) from st where tbname = '" + longest + "'"));
        for (RowKind kind : new RowKind[] {RowKind.INSERT, RowKind.DELETE}) {
            // Refused by the batch builder already, as any value wider than its column.
            Exception failure =
                    assertThrows(Exception.class, () -> run(Collections.singletonList(row(kind, longest + "n", 1))));
            TDengineException cause = ExceptionUtils.findThrowable(failure, TDengineException.class)
                    .orElseThrow(() -> new AssertionError(failure));
            assertEquals(0x2303, cause.getErrorCode());
            assertTrue(
                    cause.getMessage().contains("column tbname")
                            && cause.getMessage().contains("193 bytes"),
                    cause.getMessage());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"INSERT", "DELETE"})
    void aTbnameNamingAnotherDatabaseIsRefused(String kind) throws Exception {
        Sql.execute(
                TDLITE.jdbcUrl(null),
                "CREATE DATABASE IF NOT EXISTS other",
                "CREATE STABLE IF NOT EXISTS other.st (ts TIMESTAMP, v INT) TAGS (g INT)",
                "INSERT INTO other.t1 USING other.st TAGS (1) VALUES (5000, 5)");
        assertRefused(row(RowKind.valueOf(kind), "other.t1", 5));
        assertEquals(1, Sql.number(TDLITE.jdbcUrl("other"), "select count(*) from st"));
        assertEquals(3, Sql.number(TDLITE.jdbcUrl("hostile"), "select count(*) from st"));
    }

    @Test
    void deletingFromASubtableNeverWrittenDeletesNothing() throws Exception {
        run(Collections.singletonList(row(RowKind.DELETE, "never_written", 1)));
        assertEquals(3, Sql.number(TDLITE.jdbcUrl("hostile"), "select count(*) from st"));
    }

    private static void assertRefused(RowData row) {
        Exception failure = assertThrows(Exception.class, () -> run(Collections.singletonList(row)));
        TDengineException cause = ExceptionUtils.findThrowable(failure, TDengineException.class)
                .orElseThrow(() -> new AssertionError(failure));
        assertEquals(0xa014, cause.getErrorCode(), cause.getMessage());
        assertTrue(cause.getMessage().contains("row 0: tbname"), cause.getMessage());
    }

    private static void run(List<RowData> rows) throws Exception {
        Properties props = new Properties();
        props.setProperty(TDengineConfigParams.TD_JDBC_URL, TDLITE.jdbcUrl(null));
        props.setProperty(TDengineConfigParams.PROPERTY_KEY_DBNAME, "hostile");
        props.setProperty(TDengineConfigParams.TD_SUPERTABLE_NAME, "st");
        props.setProperty(TDengineConfigParams.VALUE_DESERIALIZER, "RowData");
        props.setProperty(TDengineConfigParams.TD_BATCH_SIZE, "1");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        env.fromCollection(rows).sinkTo(new TDengineSink<>(props, FIELDS));
        env.execute();
    }

    private static GenericRowData row(RowKind kind, String tbname, int v) {
        LocalDateTime ts = LocalDateTime.ofInstant(Instant.ofEpochMilli(v * 1000L), ZoneOffset.UTC);
        return GenericRowData.ofKind(kind, StringData.fromString(tbname), TimestampData.fromLocalDateTime(ts), v, 1);
    }
}
