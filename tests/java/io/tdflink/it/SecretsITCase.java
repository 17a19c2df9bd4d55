package io.tdflink.it;

import io.tdflink.cdc.TDengineCdcSource;
import io.tdflink.common.TDengineCdcParams;
import io.tdflink.common.TDengineConfigParams;
import io.tdflink.sink.TDengineSink;
import io.tdflink.source.TDengineSource;
import io.tdflink.source.entity.SourceSplitSql;
import io.tdflink.testutils.CdcJobs;
import io.tdflink.testutils.FlinkClusters;
import io.tdflink.testutils.LogCapture;
import io.tdflink.testutils.PowerMeters;
import io.tdflink.testutils.Sql;
import io.tdflink.testutils.SqlJobs;
import io.tdflink.testutils.TdliteServer;

import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.table.data.RowData;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.ExceptionUtils;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.LogEvent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Passwords are never shown: after jobs with correct, wrong and malformed credentials (source,
 * sink, CDC with checkpoints and a savepoint, SQL), the password is in none of the logs at any
 * level (Rust's TRACE included), the failures' messages and stack traces, the connector
 * objects' {@code toString}, EXPLAIN, the REST API behind the web UI, or the checkpoint and
 * savepoint files. Each password holds the marker {@link #MARK}, which is grepped for.
 */
class SecretsITCase {
    private static final String MARK = "S3cr3tMark";
    private static final String PASSWORD = "ok-" + MARK + "-1";
    private static final String WRONG = "wrong-" + MARK + "-2";
    /** A bad percent escape: the URL cannot even be parsed. */
    private static final String MALFORMED = "bad%zz" + MARK + "-3";

    @RegisterExtension
    static final MiniClusterExtension FLINK = FlinkClusters.miniCluster(2);

    private static final TdliteServer TDLITE =
            new TdliteServer(null, "--user", "root:taosdata", "--user", "alice:" + PASSWORD);
    private static LogCapture logs;
    /** Everything the test saw that a user could see: grepped at the end of each test. */
    private final List<String> shown = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        TDLITE.start();
        PowerMeters.create(TDLITE.jdbcUrl(null));
        Sql.execute(
                TDLITE.jdbcUrl(null),
                "CREATE TOPIC secrets_topic AS " + CdcJobs.METERS_QUERY,
                "CREATE DATABASE copy",
                "CREATE STABLE copy.meters (ts TIMESTAMP, `current` FLOAT, voltage INT, phase FLOAT) TAGS (location BINARY(64), groupId INT)");
        logs = LogCapture.install().withLevel("io.tdflink", Level.TRACE).withLevel("org.apache.flink", Level.DEBUG);
    }

    @AfterAll
    static void stop() throws Exception {
        logs.close();
        TDLITE.close();
    }

    @Test
    void correctCredentialsInEveryPathLeaveNoTrace(@TempDir Path checkpoints, @TempDir Path savepoints)
            throws Exception {
        Properties source = withUrl(url("power", PASSWORD));
        source.setProperty(TDengineConfigParams.VALUE_DESERIALIZER, "RowData");
        Properties sink = withUrl(url("copy", null));
        sink.setProperty(TDengineConfigParams.PROPERTY_KEY_USER, "alice");
        sink.setProperty(TDengineConfigParams.PROPERTY_KEY_PASSWORD, PASSWORD);
        sink.setProperty(TDengineConfigParams.TD_SUPERTABLE_NAME, "meters");
        sink.setProperty(TDengineConfigParams.VALUE_DESERIALIZER, "RowData");
        TDengineSource<RowData> bounded =
                new TDengineSource<>(source, new SourceSplitSql(CdcJobs.METERS_QUERY), RowData.class);
        TDengineSink<RowData> writer = new TDengineSink<>(sink, PowerMeters.METER_FIELDS);
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(FlinkClusters.notRestarting());
        env.fromSource(bounded, WatermarkStrategy.noWatermarks(), "source").sinkTo(writer);
        JobClient copy = env.executeAsync("copy");
        copy.getJobExecutionResult().get(60, TimeUnit.SECONDS);
        assertEquals(PowerMeters.TOTAL_VOLTAGE, Sql.number(TDLITE.jdbcUrl("copy"), "select sum(voltage) from meters"));
        showRest(copy.getJobID());

        Properties cdc = new Properties();
        cdc.setProperty(TDengineCdcParams.BOOTSTRAP_SERVERS, "localhost:" + TDLITE.port());
        cdc.setProperty(TDengineCdcParams.CONNECT_USER, "alice");
        cdc.setProperty(TDengineCdcParams.CONNECT_PASS, PASSWORD);
        cdc.setProperty(TDengineCdcParams.GROUP_ID, "secrets");
        cdc.setProperty(TDengineCdcParams.AUTO_OFFSET_RESET, "earliest");
        cdc.setProperty(TDengineCdcParams.VALUE_DESERIALIZER, "RowData");
        TDengineCdcSource<RowData> subscription = new TDengineCdcSource<>("secrets_topic", cdc, RowData.class);
        Configuration checkpointed = FlinkClusters.notRestarting();
        checkpointed.set(
                CheckpointingOptions.CHECKPOINTS_DIRECTORY, checkpoints.toUri().toString());
        StreamExecutionEnvironment cdcEnv = StreamExecutionEnvironment.getExecutionEnvironment(checkpointed);
        cdcEnv.enableCheckpointing(100);
        cdcEnv.fromSource(subscription, WatermarkStrategy.noWatermarks(), "cdc").sinkTo(new DiscardingSink<>());
        JobClient cdcJob = cdcEnv.executeAsync("cdc");
        CdcJobs.awaitEquals(
                1, () -> cdcJob.getJobStatus().get() == JobStatus.RUNNING ? 1L : 0L, Duration.ofSeconds(30));
        CdcJobs.awaitEquals(1, () -> hasFile(checkpoints) ? 1L : 0L, Duration.ofSeconds(30));
        TimeUnit.SECONDS.sleep(1);
        // Checkpoints are read while the job runs: a finished job's are discarded.
        assertNoFileHolds(checkpoints);
        showRest(cdcJob.getJobID());
        cdcJob.stopWithSavepoint(false, savepoints.toUri().toString(), SavepointFormatType.CANONICAL)
                .get(60, TimeUnit.SECONDS);

        StreamTableEnvironment tableEnv = SqlJobs.streaming(1);
        String options = "'connector' = 'tdengine-connector', 'td.jdbc.url' = '" + url("power", null)
                + "', 'user' = 'alice', 'password' = '" + PASSWORD + "'";
        SqlJobs.execute(
                tableEnv,
                "CREATE TABLE meters (ts TIMESTAMP(3), voltage INT, tbname STRING) WITH (" + options
                        + ", 'td.jdbc.mode' = 'source', 'table.name' = 'meters')");
        shown.add(tableEnv.explainSql("SELECT tbname, voltage FROM meters WHERE voltage > 200"));
        assertEquals(
                PowerMeters.ROWS,
                SqlJobs.rows(tableEnv, "SELECT tbname, voltage FROM meters").size());
        shown.add(String.valueOf(bounded));
        shown.add(String.valueOf(writer));
        shown.add(String.valueOf(subscription));

        assertTrue(hasFile(savepoints), "no savepoint was written");
        assertNoFileHolds(savepoints);
        assertNothingShown();
    }

    @Test
    void wrongAndMalformedCredentialsFailWithoutShowingThem() throws Exception {
        for (String url : Arrays.asList(
                url("power", WRONG),
                url("power", MALFORMED),
                "jdbc:TAOS-WS://alice:" + WRONG + "@127.0.0.1:" + TDLITE.port() + "/power")) {
            Properties source = withUrl(url);
            source.setProperty(TDengineConfigParams.VALUE_DESERIALIZER, "RowData");
            Throwable failure = null;
            try {
                StreamExecutionEnvironment env =
                        StreamExecutionEnvironment.getExecutionEnvironment(FlinkClusters.notRestarting());
                env.fromSource(
                                new TDengineSource<>(source, new SourceSplitSql(CdcJobs.METERS_QUERY), RowData.class),
                                WatermarkStrategy.noWatermarks(),
                                "bad")
                        .sinkTo(new DiscardingSink<>());
                JobClient job = env.executeAsync("bad credentials");
                try {
                    job.getJobExecutionResult().get(60, TimeUnit.SECONDS);
                } finally {
                    showRest(job.getJobID());
                }
            } catch (Exception e) {
                failure = e;
            }
            assertTrue(failure != null, "a job with bad credentials must fail: " + url.replace(MARK, "<mark>"));
            shown.add(ExceptionUtils.stringifyException(failure));
        }
        // Planning needs no server: the scan meets the wrong password when it starts.
        StreamTableEnvironment tableEnv = StreamTableEnvironment.create(
                StreamExecutionEnvironment.getExecutionEnvironment(FlinkClusters.notRestarting()));
        SqlJobs.execute(
                tableEnv,
                "CREATE TABLE bad (ts TIMESTAMP(3), voltage INT) WITH ('connector' = 'tdengine-connector', 'td.jdbc.mode' = 'source', "
                        + "'td.jdbc.url' = '" + url("power", null) + "', 'user' = 'alice', 'password' = '" + WRONG
                        + "', 'table.name' = 'meters')");
        Exception sqlFailure = assertThrows(Exception.class, () -> SqlJobs.rows(tableEnv, "SELECT * FROM bad"));
        shown.add(ExceptionUtils.stringifyException(sqlFailure));
        assertNothingShown();
    }

    private void assertNothingShown() {
        for (LogEvent event : logs.events()) {
            shown.add(event.getLoggerName() + " " + event.getMessage().getFormattedMessage());
            if (event.getThrown() != null) {
                shown.add(ExceptionUtils.stringifyException(event.getThrown()));
            }
        }
        // Rust's records are queued from the level of this logger on: all of them were forwarded.
        assertTrue(
                LoggerFactory.getLogger("io.tdflink.native.tdflink_client").isTraceEnabled(),
                "Rust's TRACE records were not forwarded");
        assertTrue(
                logs.events().stream()
                        .anyMatch(e -> e.getLoggerName().startsWith("io.tdflink") && e.getLevel() == Level.DEBUG),
                "no DEBUG record of the connector was captured, so the check would prove little");
        for (String text : shown) {
            assertFalse(text.contains(MARK), () -> "a password was shown: " + text);
        }
    }

    /** What the web UI shows of a job and the cluster, through the same REST API. */
    private void showRest(JobID job) throws Exception {
        for (String path : Arrays.asList(
                "/jobs/overview",
                "/jobs/" + job,
                "/jobs/" + job + "/config",
                "/jobs/" + job + "/plan",
                "/jobs/" + job + "/exceptions",
                "/jobs/" + job + "/checkpoints",
                "/jobmanager/config")) {
            shown.add(path + " " + get(path));
        }
    }

    private static String get(String path) throws Exception {
        Configuration client = FLINK.getClientConfiguration();
        URL url = new URL("http://" + client.get(RestOptions.ADDRESS) + ":" + client.get(RestOptions.PORT) + path);
        HttpURLConnection http = (HttpURLConnection) url.openConnection();
        try (InputStream in = http.getResponseCode() < 400 ? http.getInputStream() : http.getErrorStream()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            in.transferTo(out);
            return out.toString(StandardCharsets.UTF_8);
        } finally {
            http.disconnect();
        }
    }

    private static boolean hasFile(Path dir) throws Exception {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.anyMatch(f -> f.getFileName().toString().equals("_metadata"));
        }
    }

    private static void assertNoFileHolds(Path dir) throws Exception {
        byte[] mark = MARK.getBytes(StandardCharsets.UTF_8);
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                byte[] bytes = Files.readAllBytes(file);
                for (int i = 0; i + mark.length <= bytes.length; i++) {
                    assertFalse(
                            Arrays.equals(bytes, i, i + mark.length, mark, 0, mark.length), "a password is in " + file);
                }
            }
        }
    }

    private static String url(String db, String password) {
        return "jdbc:TAOS-WS://127.0.0.1:" + TDLITE.port() + "/" + db
                + (password == null ? "" : "?user=alice&password=" + password);
    }

    private static Properties withUrl(String url) {
        Properties p = new Properties();
        p.setProperty(TDengineConfigParams.TD_JDBC_URL, url);
        return p;
    }
}
