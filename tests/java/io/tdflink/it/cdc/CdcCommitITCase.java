package io.tdflink.it.cdc;

import io.tdflink.cdc.TDengineCdcSource;
import io.tdflink.common.TDengineCdcParams;
import io.tdflink.testutils.ArrivalCheck;
import io.tdflink.testutils.ArrivalLedger;
import io.tdflink.testutils.CdcJobs;
import io.tdflink.testutils.FlinkClusters;
import io.tdflink.testutils.KeyedRows;
import io.tdflink.testutils.TdliteExtension;

import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.table.data.RowData;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Properties;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * What a job commits is where a new job of the same group, without state, starts (the official
 * {@code testCheckpointTDengineCdc}): offsets committed when checkpoints complete, or by the
 * consumer's timer with {@code enable.auto.commit=true} (then without checkpoints).
 */
class CdcCommitITCase {
    @RegisterExtension
    static final TdliteExtension TDLITE = new TdliteExtension();

    @RegisterExtension
    static final MiniClusterExtension FLINK = FlinkClusters.miniCluster(2);

    private static int databases;

    @BeforeEach
    void reset() {
        ArrivalLedger.reset();
    }

    @ParameterizedTest(name = "enable.auto.commit={0}")
    @ValueSource(booleans = {false, true})
    void aNewJobOfTheGroupStartsWhereTheLastCommitted(boolean autoCommit) throws Exception {
        KeyedRows rows = new KeyedRows(TDLITE.jdbcUrl(null), "commit" + (++databases), 3, 6);
        Properties properties = CdcJobs.properties(TDLITE.server(), "commits_" + autoCommit);
        properties.setProperty(TDengineCdcParams.ENABLE_AUTO_COMMIT, String.valueOf(autoCommit));
        properties.setProperty(TDengineCdcParams.AUTO_COMMIT_INTERVAL_MS, "100");
        rows.insert(0, 1000, 200, 0);

        JobClient first = start(rows.topic(), properties, !autoCommit);
        try {
            ArrivalLedger.awaitKeys(0, 1000, 60);
            if (autoCommit) {
                // The timer commits on a poll once the interval passed; polls come every 100 ms.
                TimeUnit.MILLISECONDS.sleep(1000);
            } else {
                ArrivalLedger.awaitCheckpoints(ArrivalLedger.COMPLETED_CHECKPOINTS.get(), 2 * 2, 30);
            }
        } finally {
            first.cancel().get(30, TimeUnit.SECONDS);
        }

        ArrivalLedger.reset();
        rows.insert(1000, 1500, 100, 0);
        JobClient second = start(rows.topic(), properties, !autoCommit);
        try {
            ArrivalLedger.awaitKeys(1000, 1500, 60);
        } finally {
            second.cancel().get(30, TimeUnit.SECONDS);
        }
        assertEquals(
                0,
                ArrivalLedger.COUNTS.keySet().stream().filter(k -> k < 1000).count(),
                "rows the first job committed came again");
    }

    private static JobClient start(String topic, Properties properties, boolean checkpoints) throws Exception {
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(FlinkClusters.notRestarting());
        env.setParallelism(2);
        if (checkpoints) {
            env.enableCheckpointing(100);
        }
        CdcJobs.stream(env, new TDengineCdcSource<>(topic, properties, RowData.class))
                .map(new ArrivalCheck(1))
                .sinkTo(new DiscardingSink<>());
        return env.executeAsync("cdc commits");
    }
}
