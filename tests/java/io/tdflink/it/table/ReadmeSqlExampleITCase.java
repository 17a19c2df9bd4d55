package io.tdflink.it.table;

import io.tdflink.testutils.FlinkClusters;
import io.tdflink.testutils.PowerMeters;
import io.tdflink.testutils.Sql;
import io.tdflink.testutils.SqlJobs;
import io.tdflink.testutils.TdliteExtension;

import org.apache.flink.table.api.TableResult;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.time.LocalDateTime;
import java.time.ZoneId;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The README's first example, read from README.md and run as written but for the port. */
class ReadmeSqlExampleITCase {
    @RegisterExtension
    static final TdliteExtension TDLITE = new TdliteExtension();

    @RegisterExtension
    static final MiniClusterExtension FLINK = FlinkClusters.miniCluster(2);

    @Test
    void theReadmeSqlRunsAsWritten() throws Exception {
        PowerMeters.create(TDLITE.jdbcUrl(null));
        Sql.execute(
                TDLITE.jdbcUrl(null),
                "CREATE STABLE power_sink.hourly (ts TIMESTAMP, voltage INT) TAGS (location BINARY(64), groupid INT)");
        String readme = new String(Files.readAllBytes(Paths.get("README.md")), StandardCharsets.UTF_8);
        int section = readme.indexOf("## Flink SQL in one minute");
        int start = readme.indexOf("```sql\n", section) + "```sql\n".length();
        String script = readme.substring(start, readme.indexOf("```", start))
                .replace("localhost:6041", "localhost:" + TDLITE.server().port());
        StreamTableEnvironment tableEnv = SqlJobs.streaming(2);
        TableResult last = null;
        for (String statement : script.split(";")) {
            String sql = statement.replaceAll("(?m)--.*$", "").trim();
            if (!sql.isEmpty()) {
                last = tableEnv.executeSql(sql);
            }
        }
        assertTrue(last != null && last.getJobClient().isPresent(), "the example ends with an INSERT job");
        last.await();
        long from = LocalDateTime.parse("2024-12-19T18:00:00")
                .atZone(ZoneId.systemDefault())
                .toInstant()
                .toEpochMilli();
        long expected = Sql.number(
                TDLITE.jdbcUrl("power"), "select count(*) from meters where voltage > 200 and ts >= " + from);
        assertTrue(expected > 0, "the fixture must have rows the example keeps");
        assertEquals(expected, Sql.number(TDLITE.jdbcUrl("power_sink"), "select count(*) from hourly"));
        assertEquals(
                Sql.rows(
                        TDLITE.jdbcUrl("power"),
                        "select tbname, ts, voltage, location, groupid from meters where voltage > 200 and ts >= "
                                + from + " order by tbname, ts"),
                Sql.rows(
                        TDLITE.jdbcUrl("power_sink"),
                        "select tbname, ts, voltage, location, groupid from hourly order by tbname, ts"));
    }
}
