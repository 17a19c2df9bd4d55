package io.tdflink.it.cdc;

import io.tdflink.cdc.TDengineCdcSource;
import io.tdflink.common.TDengineConfigParams;
import io.tdflink.testutils.ArrivalCheck;
import io.tdflink.testutils.ArrivalLedger;
import io.tdflink.testutils.CdcJobs;
import io.tdflink.testutils.FlinkClusters;
import io.tdflink.testutils.KeyedRows;
import io.tdflink.testutils.TdliteServer;

import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.table.data.RowData;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * tdlite is killed (SIGKILL) and restarted on its data directory while a CDC job reads. With
 * auto-reconnect the consumer subscribes again and seeks back to its positions; without it the
 * task fails and Flink restarts it from its checkpoint. Either way every inserted row arrives.
 */
class CdcServerRestartITCase {
    @RegisterExtension
    static final MiniClusterExtension FLINK = FlinkClusters.miniCluster(2);

    @ParameterizedTest(name = "enableAutoReconnect={0}")
    @ValueSource(booleans = {true, false})
    void everyRowArrivesAcrossAServerRestart(boolean autoReconnect, @TempDir Path dataDir) throws Exception {
        ArrivalLedger.reset();
        try (TdliteServer tdlite = new TdliteServer(dataDir).start()) {
            KeyedRows rows = new KeyedRows(tdlite.jdbcUrl(null), "crash", 2, 4);
            Properties properties = CdcJobs.properties(tdlite, "restart_" + autoReconnect);
            properties.setProperty(
                    TDengineConfigParams.PROPERTY_KEY_ENABLE_AUTO_RECONNECT, String.valueOf(autoReconnect));
            properties.setProperty(TDengineConfigParams.PROPERTY_KEY_RECONNECT_INTERVAL_MS, "200");
            properties.setProperty(TDengineConfigParams.PROPERTY_KEY_RECONNECT_RETRY_COUNT, "50");

            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(
                    FlinkClusters.restarting(50, Duration.ofMillis(300)));
            env.setParallelism(2);
            env.enableCheckpointing(200);
            CdcJobs.stream(env, new TDengineCdcSource<>(rows.topic(), properties, RowData.class))
                    .map(new ArrivalCheck(1))
                    .sinkTo(new DiscardingSink<>());
            JobClient job = env.executeAsync("cdc through a server crash");
            try {
                rows.insert(0, 1000, 50, 10);
                ArrivalLedger.awaitKeys(0, 1000, 60);
                tdlite.kill();
                TimeUnit.MILLISECONDS.sleep(700);
                tdlite.start();
                rows.insert(1000, 2000, 50, 10);
                ArrivalLedger.awaitKeys(0, 2000, 90);
            } finally {
                job.cancel().get(30, TimeUnit.SECONDS);
            }
            assertTrue(ArrivalLedger.COUNTS.size() >= 2000);
        }
    }
}
