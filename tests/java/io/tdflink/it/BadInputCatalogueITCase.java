package io.tdflink.it;

import io.tdflink.cdc.TDengineCdcSource;
import io.tdflink.common.TDengineCdcParams;
import io.tdflink.common.TDengineConfigParams;
import io.tdflink.common.TDengineException;
import io.tdflink.common.options.OptionRegistry;
import io.tdflink.common.options.PropertyOption;
import io.tdflink.sink.TDengineSink;
import io.tdflink.source.TDengineSource;
import io.tdflink.source.entity.SourceSplitSql;
import io.tdflink.testutils.CdcJobs;
import io.tdflink.testutils.FlinkClusters;
import io.tdflink.testutils.PowerMeters;
import io.tdflink.testutils.Sql;
import io.tdflink.testutils.TdliteExtension;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.ExceptionUtils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The bad-input catalogue: every property of the option registry with a wrong type, out of
 * range or unknown value, for each class that reads it; missing required properties, values
 * that are no String, classes and zones that do not exist, unknown tables and topics. Each
 * must end in a coded {@link TDengineException}, when the job is built or else when it runs,
 * within seconds. The outcomes are written to {@code target/bad-input-catalogue.md} (quoted
 * by docs/reliability.md).
 */
class BadInputCatalogueITCase {
    @RegisterExtension
    static final TdliteExtension TDLITE = new TdliteExtension();

    @RegisterExtension
    static final MiniClusterExtension FLINK = FlinkClusters.miniCluster(2);

    private static final String TOPIC = "catalogue_topic";
    /** How long a job may take to fail: "within seconds". */
    private static final long JOB_SECONDS = 30;

    private static final List<String> OUTCOMES = Collections.synchronizedList(new ArrayList<>());

    @BeforeAll
    static void data() throws Exception {
        PowerMeters.create(TDLITE.jdbcUrl(null));
        Sql.execute(TDLITE.jdbcUrl(null), "CREATE TOPIC " + TOPIC + " AS " + CdcJobs.METERS_QUERY);
    }

    @AfterAll
    static void writeCatalogue() throws Exception {
        List<String> lines = new ArrayList<>(
                Arrays.asList("| reader | input | refused | code | message |", "|---|---|---|---|---|"));
        lines.addAll(OUTCOMES);
        Files.createDirectories(Paths.get("target"));
        Files.write(Paths.get("target", "bad-input-catalogue.md"), lines, StandardCharsets.UTF_8);
        System.out.println("BAD_INPUTS tried=" + OUTCOMES.size() + " coded="
                + OUTCOMES.stream().filter(l -> l.contains("| 0x")).count());
    }

    /** Every registry property with a checkable type, with each bad value, for each reader. */
    @Test
    void everyTypedPropertyWithABadValue() throws Exception {
        for (PropertyOption option : OptionRegistry.properties()) {
            if (option.parsedBy().contains("ignored")) {
                continue;
            }
            for (String value : badValues(option.type())) {
                for (String reader : option.readBy()) {
                    expectCoded(reader, option.key() + "=" + value, p -> p.setProperty(option.key(), value));
                }
            }
        }
    }

    @Test
    void missingAndMalformedSettings() throws Exception {
        expectCoded(OptionRegistry.SOURCE, "url missing", p -> p.remove(TDengineConfigParams.TD_JDBC_URL));
        expectCoded(OptionRegistry.SINK, "url missing", p -> p.remove(TDengineConfigParams.TD_JDBC_URL));
        for (String reader : Arrays.asList(OptionRegistry.SOURCE, OptionRegistry.SINK, OptionRegistry.CDC)) {
            expectCoded(reader, "value.deserializer missing", p -> p.remove(TDengineConfigParams.VALUE_DESERIALIZER));
            expectCoded(
                    reader,
                    "value.deserializer=com.nope.Missing",
                    p -> p.setProperty(TDengineConfigParams.VALUE_DESERIALIZER, "com.nope.Missing"));
            expectCoded(
                    reader,
                    "timezone=Mars/Olympus",
                    p -> p.setProperty(TDengineConfigParams.PROPERTY_KEY_TIME_ZONE, "Mars/Olympus"));
            expectCoded(
                    reader,
                    "a value that is no String (put, not setProperty)",
                    p -> p.put(TDengineConfigParams.TD_BATCH_SIZE, 5));
        }
        expectCoded(
                OptionRegistry.SOURCE,
                "no user",
                p -> p.setProperty(
                        TDengineConfigParams.TD_JDBC_URL,
                        p.getProperty(TDengineConfigParams.TD_JDBC_URL).replaceAll("\\?.*", "")));
        expectCoded(
                OptionRegistry.SOURCE,
                "wrong password",
                p -> p.setProperty(
                        TDengineConfigParams.TD_JDBC_URL,
                        p.getProperty(TDengineConfigParams.TD_JDBC_URL).replace("taosdata", "wrong")));
        expectCoded(
                OptionRegistry.SOURCE,
                "unknown server port",
                p -> p.setProperty(
                        TDengineConfigParams.TD_JDBC_URL,
                        "jdbc:TAOS-WS://127.0.0.1:1/power?user=root&password=taosdata"));
        expectCoded(
                OptionRegistry.SOURCE,
                "url=http://h:6041",
                p -> p.setProperty(TDengineConfigParams.TD_JDBC_URL, "http://h:6041"));
        expectCoded(
                OptionRegistry.SINK,
                "super_table_name of an unknown table",
                p -> p.setProperty(TDengineConfigParams.TD_SUPERTABLE_NAME, "no_such"));
        expectCoded(
                OptionRegistry.SINK,
                "no super_table_name nor table_name",
                p -> p.remove(TDengineConfigParams.TD_SUPERTABLE_NAME));
        expectCoded(OptionRegistry.CDC, "group.id missing", p -> p.remove(TDengineCdcParams.GROUP_ID));
        expectCoded(
                OptionRegistry.CDC,
                "group.id of 193 bytes",
                p -> p.setProperty(TDengineCdcParams.GROUP_ID, repeat('g', 193)));
        expectCoded(
                OptionRegistry.CDC,
                "server down",
                p -> p.setProperty(TDengineCdcParams.BOOTSTRAP_SERVERS, "127.0.0.1:1"));
    }

    @Test
    void unknownTablesTopicsAndQueries() throws Exception {
        expectJobCode(
                "source",
                "a query of an unknown table",
                () -> source(baseProperties(OptionRegistry.SOURCE), "select * from no_such"));
        expectJobCode(
                "source",
                "a query that does not parse",
                () -> source(baseProperties(OptionRegistry.SOURCE), "selec ts frm meters"));
        expectJobCode(
                "cdc",
                "an unknown topic",
                () -> new TDengineCdcSource<>("no_such_topic", baseProperties(OptionRegistry.CDC), RowData.class));
    }

    private static List<String> badValues(String type) {
        if (type.equals("integer")) {
            return Arrays.asList("abc", "-5", "99999999999999999999");
        }
        if (type.equals("boolean")) {
            return Collections.singletonList("maybe");
        }
        return type.contains("|") ? Collections.singletonList("sometimes") : Collections.emptyList();
    }

    /** Builds the reader with the base properties changed by {@code change}; runs it if that did not fail. */
    private static void expectCoded(String reader, String input, Consumer<Properties> change) throws Exception {
        Properties properties = baseProperties(reader);
        change.accept(properties);
        long started = System.nanoTime();
        try {
            switch (reader) {
                case OptionRegistry.SOURCE:
                    runToFailure(reader, input, source(properties, CdcJobs.METERS_QUERY), started);
                    break;
                case OptionRegistry.CDC:
                    runToFailure(reader, input, new TDengineCdcSource<>(TOPIC, properties, RowData.class), started);
                    break;
                default:
                    runSinkToFailure(input, new TDengineSink<>(properties, PowerMeters.METER_FIELDS), started);
            }
        } catch (TDengineException e) {
            record(reader, input, "when built", e, started);
        }
    }

    private static void expectJobCode(String reader, String input, SourceFactory source) throws Exception {
        long started = System.nanoTime();
        try {
            runToFailure(reader, input, source.create(), started);
        } catch (TDengineException e) {
            record(reader, input, "when built", e, started);
        }
    }

    private static void runToFailure(String reader, String input, Source<RowData, ?, ?> source, long started)
            throws Exception {
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(FlinkClusters.notRestarting());
        env.fromSource(source, WatermarkStrategy.noWatermarks(), "bad").sinkTo(new DiscardingSink<>());
        awaitFailure(reader, input, env.executeAsync(input), started);
    }

    private static void runSinkToFailure(String input, TDengineSink<RowData> sink, long started) throws Exception {
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(FlinkClusters.notRestarting());
        RowData row = GenericRowData.of(
                TimestampData.fromEpochMillis(1), 1f, 1, 1f, StringData.fromString("x"), 1, StringData.fromString("t"));
        env.fromData(Collections.singletonList(row)).sinkTo(sink);
        awaitFailure(OptionRegistry.SINK, input, env.executeAsync(input), started);
    }

    private static void awaitFailure(String reader, String input, JobClient job, long started) throws Exception {
        try {
            job.getJobExecutionResult().get(JOB_SECONDS, TimeUnit.SECONDS);
        } catch (Exception failure) {
            TDengineException cause = ExceptionUtils.findThrowable(failure, TDengineException.class)
                    .orElse(null);
            assertTrue(
                    cause != null,
                    () -> reader + " with " + input + " failed without a code: "
                            + ExceptionUtils.stringifyException(failure));
            record(reader, input, "when run", cause, started);
            return;
        } finally {
            job.cancel();
        }
        throw new AssertionError(reader + " with " + input + " was accepted");
    }

    private static void record(String reader, String input, String when, TDengineException e, long started) {
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        assertTrue(ms < TimeUnit.SECONDS.toMillis(JOB_SECONDS), input + " took " + ms + " ms");
        OUTCOMES.add("| " + reader + " | " + input.replace("|", "\\|") + " | " + when + " (" + ms + " ms) | 0x"
                + Integer.toHexString(e.getErrorCode()) + " | "
                + e.getMessage().replace("|", "\\|").replace("\n", " ") + " |");
    }

    private static TDengineSource<RowData> source(Properties properties, String sql) {
        return new TDengineSource<>(properties, new SourceSplitSql(sql), RowData.class);
    }

    private static Properties baseProperties(String reader) {
        Properties p = new Properties();
        if (reader.equals(OptionRegistry.CDC)) {
            p.putAll(CdcJobs.properties(TDLITE.server(), "catalogue"));
            return p;
        }
        p.setProperty(TDengineConfigParams.TD_JDBC_URL, TDLITE.jdbcUrl("power"));
        p.setProperty(TDengineConfigParams.VALUE_DESERIALIZER, "RowData");
        if (reader.equals(OptionRegistry.SINK)) {
            p.setProperty(TDengineConfigParams.TD_SUPERTABLE_NAME, "meters");
        }
        return p;
    }

    private static String repeat(char c, int n) {
        char[] chars = new char[n];
        Arrays.fill(chars, c);
        return new String(chars);
    }

    private interface SourceFactory {
        Source<RowData, ?, ?> create();
    }
}
