package io.tdflink.it;

import io.tdflink.cdc.TDengineCdcSource;
import io.tdflink.common.TDengineCdcParams;
import io.tdflink.common.TDengineConfigParams;
import io.tdflink.sink.TDengineSink;
import io.tdflink.source.TDengineSource;
import io.tdflink.source.entity.SourceSplitSql;
import io.tdflink.source.entity.SplitType;
import io.tdflink.source.entity.TimestampSplitInfo;
import io.tdflink.testutils.CdcJobs;
import io.tdflink.testutils.PowerMeters;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.ExplainDetail;
import org.apache.flink.table.api.bridge.java.StreamStatementSet;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.table.data.RowData;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Jobs are built where the native library cannot load (a developer's macOS or ARM laptop, a
 * client JVM): a JVM whose library path points nowhere builds the DataStream source, CDC source
 * and sink of every form, SQL tables of every mode (a partitioned scan with filters, projection
 * and LIMIT pushed, a lookup join, a CDC table, a supertable sink) and the job graphs that
 * serialize them, and never loads a class of the native boundary ({@code -verbose:class} would
 * show it). Nothing is run and the server's address resolves nowhere: the checks that need the
 * server happen where the enumerators, readers, lookups and writers start.
 */
class JobsBuiltWithoutNativeITCase {
    @Test
    void everyJobIsBuiltWithoutTheNativeLibrary() throws Exception {
        List<String> command = new ArrayList<>(Arrays.asList(
                Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dtdflink.native.path=/nonexistent/libtdflink_native.so",
                "-verbose:class",
                "-cp",
                System.getProperty("java.class.path")));
        command.add(BuildJobs.class.getName());
        File output = File.createTempFile("jobs-built-without-native", ".log");
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(output)
                .start();
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "building the jobs did not finish");
        String log = new String(Files.readAllBytes(output.toPath()), StandardCharsets.UTF_8);
        assertEquals(0, process.exitValue(), log.length() > 4000 ? log.substring(log.length() - 4000) : log);
        assertTrue(log.contains("job graphs built: 5"), "the builder did not finish its jobs");
        assertFalse(
                log.contains("io.tdflink.jni.NativeLibrary") || log.contains("io.tdflink.jni.NativeRuntime"),
                "the native library was loaded to build a job");
        output.delete();
    }

    /** Builds the jobs; run in its own JVM by the test. */
    public static final class BuildJobs {
        public static void main(String[] args) throws Exception {
            String url = "jdbc:TAOS-WS://db.example:6041/power?user=root&password=taosdata";
            Properties source = new Properties();
            source.setProperty(TDengineConfigParams.TD_JDBC_URL, url);
            source.setProperty(TDengineConfigParams.VALUE_DESERIALIZER, "RowData");
            SourceSplitSql split = new SourceSplitSql()
                    .setSelect("ts, `current`, voltage, phase, location, groupid, tbname")
                    .setTableName("meters")
                    .setSplitType(SplitType.SPLIT_TYPE_TIMESTAMP)
                    .setTimestampSplitInfo(
                            new TimestampSplitInfo(1_704_067_200_000L, 1_704_153_600_000L, "ts", Duration.ofHours(1)));
            Properties sink = new Properties();
            sink.setProperty(TDengineConfigParams.TD_JDBC_URL, url);
            sink.setProperty(TDengineConfigParams.TD_SUPERTABLE_NAME, "meters");
            sink.setProperty(TDengineConfigParams.VALUE_DESERIALIZER, "RowData");
            Properties cdc = new Properties();
            cdc.setProperty(TDengineCdcParams.BOOTSTRAP_SERVERS, "db.example:6041");
            cdc.setProperty(TDengineCdcParams.GROUP_ID, "g");
            cdc.setProperty(TDengineCdcParams.VALUE_DESERIALIZER, "RowData");
            Properties batches = new Properties();
            batches.putAll(sink);
            batches.setProperty(TDengineConfigParams.TD_BATCH_MODE, "true");
            batches.setProperty(TDengineConfigParams.TD_SOURCE_TYPE, "tdengine_cdc");

            int built = 0;
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            env.fromSource(
                            new TDengineSource<>(source, split, RowData.class),
                            WatermarkStrategy.noWatermarks(),
                            "source")
                    .sinkTo(new TDengineSink<>(sink, PowerMeters.METER_FIELDS));
            built += env.getStreamGraph().getJobGraph() != null ? 1 : 0;
            env.fromSource(
                            new TDengineCdcSource<>("topic", cdc, RowData.class),
                            WatermarkStrategy.noWatermarks(),
                            "cdc")
                    .sinkTo(new TDengineSink<>(sink, PowerMeters.METER_FIELDS));
            built += env.getStreamGraph().getJobGraph() != null ? 1 : 0;
            cdc.setProperty(TDengineCdcParams.TMQ_BATCH_MODE, "true");
            env.fromSource(
                            new TDengineCdcSource<>("topic", cdc, CdcJobs.<RowData>batches()),
                            WatermarkStrategy.noWatermarks(),
                            "batches")
                    .sinkTo(new TDengineSink<>(batches, PowerMeters.METER_FIELDS));
            built += env.getStreamGraph().getJobGraph() != null ? 1 : 0;
            built += sqlJobs(env);
            System.out.println("job graphs built: " + built);
        }

        private static int sqlJobs(StreamExecutionEnvironment env) {
            StreamTableEnvironment tableEnv = StreamTableEnvironment.create(env);
            String meters =
                    "ts TIMESTAMP(3), `current` FLOAT, voltage INT, phase FLOAT, location VARCHAR(64), groupid INT, tbname VARCHAR(255)";
            String server = "'td.jdbc.url' = 'jdbc:TAOS-WS://db.example:6041/power?user=root&password=taosdata'";
            tableEnv.executeSql(
                    "CREATE TABLE src (" + meters
                            + ") WITH ('connector' = 'tdengine-connector', 'td.jdbc.mode' = 'source', " + server
                            + ", 'table.name' = 'meters', 'scan.partition.column' = 'ts', 'scan.partition.num' = '4',"
                            + " 'scan.partition.lower-bound' = '2024-01-01T00:00:00', 'scan.partition.upper-bound' = '2024-01-02T00:00:00')");
            tableEnv.executeSql("CREATE TABLE cdc (" + meters
                    + ") WITH ('connector' = 'tdengine-connector', 'td.jdbc.mode' = 'cdc',"
                    + " 'bootstrap.servers' = 'db.example:6041', 'topic' = 'topic_meters', 'group.id' = 'g')");
            tableEnv.executeSql("CREATE TABLE dst (" + meters
                    + ") WITH ('connector' = 'tdengine-connector', 'td.jdbc.mode' = 'sink', " + server
                    + ", 'sink.supertable.name' = 'meters_copy')");
            tableEnv.executeSql(
                    "CREATE TABLE probe (k STRING, proc AS PROCTIME()) WITH ('connector' = 'datagen', 'number-of-rows' = '10')");
            StreamStatementSet statements = tableEnv.createStatementSet();
            statements.addInsertSql(
                    "INSERT INTO dst SELECT * FROM src WHERE voltage > 200 AND location = 'California.SanFrancisco' LIMIT 1000");
            statements.addInsertSql("INSERT INTO dst SELECT * FROM cdc");
            statements.addInsertSql(
                    "INSERT INTO dst SELECT m.* FROM probe AS p JOIN src FOR SYSTEM_TIME AS OF p.proc AS m ON p.k = m.tbname");
            statements.attachAsDataStream();
            int built = env.getStreamGraph().getJobGraph() != null ? 1 : 0;
            // A partitioned scan of a query, explained down to its execution plan.
            tableEnv.executeSql(
                    "CREATE TABLE src_by_query (ts TIMESTAMP(3), voltage INT) WITH ('connector' = 'tdengine-connector', 'td.jdbc.mode' = 'source', "
                            + server
                            + ", 'scan.query' = 'select ts, voltage from meters', 'scan.partition.column' = 'ts', 'scan.partition.num' = '2',"
                            + " 'scan.partition.lower-bound' = '0', 'scan.partition.upper-bound' = '1000')");
            String plan = tableEnv.explainSql(
                    "SELECT voltage FROM src_by_query WHERE ts > TIMESTAMP '2024-01-01 00:00:00'",
                    ExplainDetail.JSON_EXECUTION_PLAN);
            return built + (plan.contains("src_by_query") ? 1 : 0);
        }
    }
}
