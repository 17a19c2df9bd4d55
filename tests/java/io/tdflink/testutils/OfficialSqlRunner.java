package io.tdflink.testutils;

import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.api.TableResult;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;

/**
 * Runs a SQL script in a JVM whose classpath has TDengine's official connector instead of
 * tdflink (both register {@code tdengine-connector}): each statement in turn, the rows of the
 * last one printed as {@code ROW <row>} lines (an INSERT is awaited). Started by {@link OfficialConnector}.
 */
public final class OfficialSqlRunner {
    private OfficialSqlRunner() {}

    public static void main(String[] args) throws Exception {
        String script = new String(Files.readAllBytes(Paths.get(args[0])), StandardCharsets.UTF_8);
        TableEnvironment tableEnv = TableEnvironment.create(EnvironmentSettings.inStreamingMode());
        tableEnv.getConfig().set("parallelism.default", "1");
        TableResult last = null;
        String lastStatement = "";
        for (String statement : script.split(";\n")) {
            if (!statement.trim().isEmpty()) {
                last = tableEnv.executeSql(statement);
                lastStatement = statement.trim();
            }
        }
        if (lastStatement.regionMatches(true, 0, "INSERT", 0, 6)) {
            last.await(); // its cluster is gone once the job ends: nothing to collect
            return;
        }
        try (CloseableIterator<Row> rows = last.collect()) {
            rows.forEachRemaining(row -> System.out.println("ROW " + row));
        }
    }
}
