package io.tdflink.testutils;

import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableResult;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;

import java.util.ArrayList;
import java.util.List;

/** Table environments and result collection for the SQL ITCases (on the test's MiniCluster). */
public final class SqlJobs {
    private SqlJobs() {}

    /** A streaming table environment of {@code parallelism}, checkpointing every 500 ms. */
    public static StreamTableEnvironment streaming(int parallelism) {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(parallelism);
        env.enableCheckpointing(500);
        return StreamTableEnvironment.create(
                env, EnvironmentSettings.newInstance().inStreamingMode().build());
    }

    /** Runs a bounded query to its end and returns its rows. */
    public static List<Row> rows(StreamTableEnvironment tableEnv, String query) throws Exception {
        List<Row> rows = new ArrayList<>();
        try (CloseableIterator<Row> it = tableEnv.executeSql(query).collect()) {
            it.forEachRemaining(rows::add);
        }
        return rows;
    }

    /** Runs statements (DDL) one by one. */
    public static void execute(StreamTableEnvironment tableEnv, String... statements) {
        for (String statement : statements) {
            tableEnv.executeSql(statement);
        }
    }

    /** Waits for an INSERT job to finish. */
    public static void await(TableResult result) throws Exception {
        result.await();
    }
}
