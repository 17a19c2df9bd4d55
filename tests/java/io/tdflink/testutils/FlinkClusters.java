package io.tdflink.testutils;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;

import java.time.Duration;

/** The MiniCluster the ITCases run on, and the restart settings of jobs that fail on purpose. */
public final class FlinkClusters {
    private FlinkClusters() {}

    /** One TaskManager with {@code slots} slots: {@code @RegisterExtension static final MiniClusterExtension FLINK = FlinkClusters.miniCluster(3);}. */
    public static MiniClusterExtension miniCluster(int slots) {
        return new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
                .setNumberTaskManagers(1)
                .setNumberSlotsPerTaskManager(slots)
                .build());
    }

    /**
     * A started MiniCluster of {@code taskManagers} TaskManagers with {@code slots} slots each,
     * for tests that take a TaskManager away ({@link MiniCluster#terminateTaskManager}); the
     * caller closes it.
     */
    public static MiniCluster started(int taskManagers, int slots) throws Exception {
        MiniCluster cluster = new MiniCluster(new MiniClusterConfiguration.Builder()
                .setNumTaskManagers(taskManagers)
                .setNumSlotsPerTaskManager(slots)
                .build());
        cluster.start();
        return cluster;
    }

    /**
     * An environment whose jobs run on {@code cluster} (through its REST endpoint, as a client
     * would: {@code MiniCluster#submitJob} changed its signature in Flink 2).
     */
    public static StreamExecutionEnvironment environmentOn(MiniCluster cluster, Configuration config) throws Exception {
        return StreamExecutionEnvironment.createRemoteEnvironment(
                cluster.getRestAddress().get().getHost(),
                cluster.getRestAddress().get().getPort(),
                config);
    }

    /** A job configuration that never restarts, checkpointing or not: a failure ends the job. */
    public static Configuration notRestarting() {
        Configuration config = new Configuration();
        config.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        return config;
    }

    /** A job configuration restarting up to {@code attempts} times, {@code delay} apart. */
    public static Configuration restarting(int attempts, Duration delay) {
        Configuration config = new Configuration();
        config.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        config.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, attempts);
        config.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, delay);
        return config;
    }
}
