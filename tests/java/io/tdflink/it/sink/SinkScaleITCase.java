package io.tdflink.it.sink;

import io.tdflink.common.TDengineConfigParams;
import io.tdflink.sink.TDengineSink;
import io.tdflink.testutils.FlinkClusters;
import io.tdflink.testutils.Sql;
import io.tdflink.testutils.TdliteExtension;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Arrays;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** One million rows into 100 subtables at parallelism 2, checked by exact count and sums. */
class SinkScaleITCase {
    @RegisterExtension
    static final TdliteExtension TDLITE = new TdliteExtension();

    @RegisterExtension
    static final MiniClusterExtension FLINK = FlinkClusters.miniCluster(2);

    private static final long ROWS = 1_000_000;
    private static final int TABLES = 100;
    private static final long START_MS = 1_700_000_000_000L;

    @Test
    void aMillionRowsByExactCountAndSums() throws Exception {
        Sql.execute(
                TDLITE.jdbcUrl(null),
                "CREATE DATABASE big VGROUPS 4",
                "CREATE STABLE big.m (ts TIMESTAMP, v BIGINT, f DOUBLE) TAGS (g INT)");
        Properties props = new Properties();
        props.setProperty(TDengineConfigParams.TD_JDBC_URL, TDLITE.jdbcUrl("big"));
        props.setProperty(TDengineConfigParams.TD_SUPERTABLE_NAME, "m");
        props.setProperty(TDengineConfigParams.VALUE_DESERIALIZER, "RowData");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        env.enableCheckpointing(500);
        // Row k goes to table k % 100 at START + k ms, with v = k and f = k / 2.
        env.fromSequence(0, ROWS - 1)
                .map(k -> (RowData) GenericRowData.of(
                        StringData.fromString("t" + (k % TABLES)),
                        TimestampData.fromEpochMillis(START_MS + k),
                        k,
                        k / 2.0,
                        (int) (k % TABLES)))
                .returns(TypeInformation.of(RowData.class))
                .sinkTo(new TDengineSink<>(props, Arrays.asList("tbname", "ts", "v", "f", "g")));
        env.execute("one million rows into TDengine");
        String url = TDLITE.jdbcUrl("big");
        assertEquals(ROWS, Sql.number(url, "select count(*) from m"));
        assertEquals(ROWS * (ROWS - 1) / 2, Sql.number(url, "select sum(v) from m"));
        assertEquals(Arrays.asList(String.valueOf(ROWS * (ROWS - 1) / 4.0)), Sql.rows(url, "select sum(f) from m"));
        assertEquals(
                Arrays.asList(TABLES + " " + ROWS / TABLES + " " + ROWS / TABLES),
                Sql.rows(
                        url,
                        "select count(*), min(c), max(c) from (select tbname, count(*) c from m group by tbname)"));
    }
}
