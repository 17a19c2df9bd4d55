package io.tdflink.it.table;

import io.tdflink.testutils.FlinkClusters;
import io.tdflink.testutils.PowerMeters;
import io.tdflink.testutils.Sql;
import io.tdflink.testutils.SqlJobs;
import io.tdflink.testutils.TdliteExtension;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.Schema;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.table.connector.ChangelogMode;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.Row;
import org.apache.flink.types.RowKind;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Collections;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Changelog input into a sink table: UPDATE_BEFORE skipped, UPDATE_AFTER and INSERT written
 * (an upsert by the table's timestamp), DELETE deleting, all in order; a declared PRIMARY KEY
 * on the timestamp accepted; an updating aggregate ends as its final value.
 */
class SqlChangelogSinkITCase {
    @RegisterExtension
    static final TdliteExtension TDLITE = new TdliteExtension();

    @RegisterExtension
    static final MiniClusterExtension FLINK = FlinkClusters.miniCluster(2);

    private static final String SINK =
            "CREATE TABLE sink_normal (ts TIMESTAMP(3), `current` FLOAT, voltage INT, phase FLOAT,"
                    + " PRIMARY KEY (ts) NOT ENFORCED) WITH ('connector' = 'tdengine-connector', 'td.jdbc.mode' = 'sink',"
                    + " 'td.jdbc.url' = 'jdbc:TAOS-WS://localhost:%d/power_sink', 'user' = 'root', 'password' = 'taosdata',"
                    + " 'timezone' = 'UTC', 'sink.table.name' = 'sink_normal', 'sink.batch.size' = '100')";

    @BeforeEach
    void fixture() throws Exception {
        PowerMeters.create(TDLITE.jdbcUrl(null));
    }

    @Test
    void rowKindsApplyInOrder() throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        StreamTableEnvironment tableEnv = StreamTableEnvironment.create(env, EnvironmentSettings.inStreamingMode());
        TypeInformation<Row> type = Types.ROW_NAMED(
                new String[] {"ts", "current", "voltage", "phase"},
                Types.LOCAL_DATE_TIME,
                Types.FLOAT,
                Types.INT,
                Types.FLOAT);
        DataStream<Row> changes = env.fromCollection(
                Arrays.asList(
                        row(RowKind.INSERT, 1, 10),
                        row(RowKind.INSERT, 2, 20),
                        row(RowKind.DELETE, 1, 10),
                        row(RowKind.UPDATE_BEFORE, 2, 20),
                        row(RowKind.UPDATE_AFTER, 2, 29),
                        row(RowKind.INSERT, 3, 30),
                        row(RowKind.DELETE, 3, 30),
                        row(RowKind.INSERT, 4, 40)),
                type);
        // Keyed by ts, as the sink: Flink 2.3 refuses a changelog whose upsert key differs from the sink's primary key.
        Schema keyed = Schema.newBuilder()
                .column("ts", DataTypes.TIMESTAMP(3).notNull())
                .column("current", DataTypes.FLOAT())
                .column("voltage", DataTypes.INT())
                .column("phase", DataTypes.FLOAT())
                .primaryKey("ts")
                .build();
        tableEnv.createTemporaryView("changes", tableEnv.fromChangelogStream(changes, keyed, ChangelogMode.all()));
        tableEnv.executeSql(String.format(SINK, TDLITE.server().port()));
        tableEnv.executeSql("INSERT INTO sink_normal SELECT * FROM changes").await();
        assertEquals(
                Arrays.asList(
                        shown(LocalDateTime.of(2024, 1, 1, 0, 0, 2), 29),
                        shown(LocalDateTime.of(2024, 1, 1, 0, 0, 4), 40)),
                Sql.rows(TDLITE.jdbcUrl("power_sink"), "select ts, voltage from sink_normal order by ts"));
    }

    @Test
    void anUpdatingAggregateEndsAsItsFinalValue() throws Exception {
        StreamTableEnvironment tableEnv = SqlJobs.streaming(2);
        tableEnv.executeSql(
                "CREATE TABLE meters (ts TIMESTAMP(3), `current` FLOAT, voltage INT, phase FLOAT) WITH ('connector' = 'tdengine-connector',"
                        + " 'td.jdbc.mode' = 'source', 'td.jdbc.url' = 'jdbc:TAOS-WS://localhost:"
                        + TDLITE.server().port() + "/power', 'table.name' = 'meters')");
        tableEnv.executeSql(String.format(SINK, TDLITE.server().port()));
        tableEnv.executeSql(
                        "INSERT INTO sink_normal SELECT TIMESTAMP '2024-12-19 00:00:00', MAX(`current`), MAX(voltage), CAST(NULL AS FLOAT) FROM meters")
                .await();
        assertEquals(
                Collections.singletonList(shown(LocalDateTime.of(2024, 12, 19, 0, 0), 206)),
                Sql.rows(TDLITE.jdbcUrl("power_sink"), "select ts, voltage from sink_normal"));
    }

    /** A row as {@link Sql#rows} shows it: the driver's Timestamp (JVM zone) of the UTC wall clock, then the voltage. */
    private static String shown(LocalDateTime utc, int voltage) {
        return new Timestamp(utc.toInstant(ZoneOffset.UTC).toEpochMilli()) + " " + voltage;
    }

    private static Row row(RowKind kind, int second, int voltage) {
        return Row.ofKind(kind, LocalDateTime.of(2024, 1, 1, 0, 0, second), 1.0f, voltage, 0.5f);
    }
}
