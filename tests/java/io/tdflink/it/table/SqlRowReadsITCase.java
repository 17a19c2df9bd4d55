package io.tdflink.it.table;

import io.tdflink.testutils.FlinkClusters;
import io.tdflink.testutils.Sql;
import io.tdflink.testutils.TdliteExtension;

import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.table.data.RowData;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A SQL table's rows, taken as {@code RowData} with {@code toRetractStream} (the official
 * suite's {@code testTable}): with the filter pushed down no operator rebuilds them, and a job
 * reading a VARCHAR column with {@code getBinary}, as the official rows allow, gets its UTF-8
 * bytes while {@code getString} still works. Found running the official suite against tdflink.
 */
class SqlRowReadsITCase {
    @RegisterExtension
    static final TdliteExtension TDLITE = new TdliteExtension();

    @RegisterExtension
    static final MiniClusterExtension FLINK = FlinkClusters.miniCluster(1);

    @BeforeAll
    static void data() throws Exception {
        Sql.execute(
                TDLITE.jdbcUrl(null),
                "CREATE DATABASE reads",
                "CREATE STABLE reads.m (ts TIMESTAMP, v INT, name VARCHAR(16), nick NCHAR(8)) TAGS (g INT)",
                "INSERT INTO reads.t1 USING reads.m TAGS (1) VALUES (1700000000000, 5, 'Zürich', '東京') (1700000000001, -1, 'skip', 'x')");
    }

    @Test
    @SuppressWarnings("deprecation")
    void textColumnsOfSqlRowsAnswerGetBinaryAndGetString() throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        StreamTableEnvironment tableEnv = StreamTableEnvironment.create(
                env, EnvironmentSettings.newInstance().inStreamingMode().build());
        tableEnv.executeSql(
                "CREATE TABLE m (ts TIMESTAMP(3), v INT, name VARCHAR(16), nick STRING, tbname VARCHAR(255)) WITH ('connector' = 'tdengine-connector', "
                        + "'td.jdbc.mode' = 'source', 'td.jdbc.url' = '" + TDLITE.jdbcUrl("reads")
                        + "', 'table.name' = 'm')");
        List<String> read = new ArrayList<>();
        try (CloseableIterator<String> rows = tableEnv.toRetractStream(
                        tableEnv.sqlQuery("SELECT name, nick, tbname FROM m WHERE v > 0"), RowData.class)
                .map((Tuple2<Boolean, RowData> change) -> {
                    RowData row = change.f1;
                    return new String(row.getBinary(0), StandardCharsets.UTF_8) + " "
                            + new String(row.getBinary(1), StandardCharsets.UTF_8) + " "
                            + new String(row.getBinary(2), StandardCharsets.UTF_8) + " " + row.getString(0) + " "
                            + row.getString(1);
                })
                .returns(Types.STRING)
                .executeAndCollect()) {
            rows.forEachRemaining(read::add);
        }
        assertEquals(Arrays.asList("Zürich 東京 t1 Zürich 東京"), read);
    }
}
