package io.tdflink.it.source;

import io.tdflink.common.TDengineConfigParams;
import io.tdflink.common.TDengineException;
import io.tdflink.source.TDengineSource;
import io.tdflink.source.entity.SourceSplitSql;
import io.tdflink.source.entity.SplitType;
import io.tdflink.testutils.ErrorCodeChecks;
import io.tdflink.testutils.FlinkClusters;
import io.tdflink.testutils.PowerMeters;
import io.tdflink.testutils.TdliteExtension;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.table.data.RowData;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.ExceptionUtils;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Arrays;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bad input fails with the documented code, when the job is built if it can be seen then,
 * otherwise when it runs, and nothing hangs (each job gets 60 s).
 */
class SourceBadInputITCase {
    @RegisterExtension
    static final TdliteExtension TDLITE = new TdliteExtension();

    @RegisterExtension
    static final MiniClusterExtension FLINK = FlinkClusters.miniCluster(2);

    private static final SourceSplitSql METERS = new SourceSplitSql("select * from meters");

    @BeforeAll
    static void fixture() throws Exception {
        PowerMeters.create(TDLITE.jdbcUrl(null));
    }

    @Test
    void caughtWhenTheJobIsBuilt() {
        Properties noDeserializer = properties(TDLITE.jdbcUrl("power"));
        noDeserializer.remove(TDengineConfigParams.VALUE_DESERIALIZER);
        assertEquals(0xa003, codeOf(() -> new TDengineSource<>(noDeserializer, METERS, RowData.class)));

        Properties unknownClass = properties(TDLITE.jdbcUrl("power"));
        unknownClass.setProperty(TDengineConfigParams.VALUE_DESERIALIZER, "com.example.NoSuchDeserializer");
        assertEquals(0xa013, codeOf(() -> new TDengineSource<>(unknownClass, METERS, RowData.class)));

        Properties wrongKind = properties(TDLITE.jdbcUrl("power"));
        wrongKind.setProperty(TDengineConfigParams.VALUE_DESERIALIZER, String.class.getName());
        assertEquals(0xa013, codeOf(() -> new TDengineSource<>(wrongKind, METERS, RowData.class)));

        Properties noUrl = properties(TDLITE.jdbcUrl("power"));
        noUrl.remove(TDengineConfigParams.TD_JDBC_URL);
        assertEquals(0x2312, codeOf(() -> new TDengineSource<>(noUrl, METERS, RowData.class)));

        Properties badBatchSize = properties(TDLITE.jdbcUrl("power"));
        badBatchSize.setProperty(TDengineConfigParams.TD_BATCH_MODE, "true");
        badBatchSize.setProperty(TDengineConfigParams.TD_BATCH_SIZE, "0");
        assertEquals(0x2303, codeOf(() -> new TDengineSource<>(badBatchSize, METERS, RowData.class)));
    }

    @Test
    void caughtWhenTheJobRuns() {
        String url = TDLITE.jdbcUrl("power");
        assertEquals(
                0xa000,
                jobFailureCode(properties("jdbc:TAOS-RS://127.0.0.1:6041/power?user=root&password=taosdata"), METERS));
        assertEquals(0xa000, jobFailureCode(properties(url + "&messageWaitTimeout=soon"), METERS));
        assertEquals(0x0357, jobFailureCode(properties(url.replace("password=taosdata", "password=wrong")), METERS));
        assertEquals(0x2603, jobFailureCode(properties(url), new SourceSplitSql("select * from no_such_table")));
        assertEquals(0x2600, jobFailureCode(properties(url), new SourceSplitSql("selec * from meters")));
        // Only the first table is checked while planning; a later one fails in its reader.
        SourceSplitSql tables = new SourceSplitSql()
                .setSplitType(SplitType.SPLIT_TYPE_TABLE)
                .setSelect("*")
                .setTableList(Arrays.asList("d1001", "d1003"));
        assertEquals(0x2603, jobFailureCode(properties(url), tables));
        // A split description that reads nothing is an error, not an empty job.
        assertEquals(
                0x2303,
                jobFailureCode(
                        properties(url),
                        new SourceSplitSql("select * from meters").setSplitType(SplitType.SPLIT_TYPE_TAG)));
    }

    /** The reported leak: a password with a bad percent-escape was quoted in the error. */
    @Test
    void aMalformedPasswordIsNeverShown() {
        String url = TDLITE.jdbcUrl("power").replace("password=taosdata", "password=Sekr%zzit");
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(FlinkClusters.notRestarting());
        env.fromSource(
                        new TDengineSource<>(properties(url), METERS, RowData.class),
                        WatermarkStrategy.noWatermarks(),
                        "bad")
                .sinkTo(new DiscardingSink<>());
        Exception failure = assertThrows(Exception.class, env::execute);
        String shown = ExceptionUtils.stringifyException(failure);
        assertEquals(
                0xa000,
                ExceptionUtils.findThrowable(failure, TDengineException.class)
                        .map(TDengineException::getErrorCode)
                        .orElse(-1),
                shown);
        assertTrue(shown.contains("URL parameter password"), shown);
        assertFalse(shown.contains("Sekr"), shown);
    }

    private static Properties properties(String url) {
        Properties props = new Properties();
        props.setProperty(TDengineConfigParams.VALUE_DESERIALIZER, "RowData");
        props.setProperty(TDengineConfigParams.TD_JDBC_URL, url);
        return props;
    }

    private static int jobFailureCode(Properties props, SourceSplitSql split) {
        return ErrorCodeChecks.jobFailureCode(new TDengineSource<>(props, split, RowData.class), 2);
    }

    private static int codeOf(Runnable build) {
        return ErrorCodeChecks.codeOf(build::run);
    }
}
