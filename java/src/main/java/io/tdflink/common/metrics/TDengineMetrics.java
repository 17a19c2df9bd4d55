package io.tdflink.common.metrics;

import io.tdflink.jni.NativeRuntime;

import org.apache.flink.annotation.Internal;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.MetricGroup;

/**
 * The connector's own metrics, beside Flink's standard source and sink metrics: their names,
 * in a {@value #GROUP} group of each reader's and writer's metric group (docs/metrics.md).
 */
@Internal
public final class TDengineMetrics {
    public static final String GROUP = "tdengine";
    /** Bytes the native library holds (all jobs of the TaskManager sharing it together). */
    public static final String NATIVE_MEMORY_BYTES = "nativeMemoryBytes";
    /** Times the connection was replaced since the reader or writer opened it. */
    public static final String RECONNECTS = "reconnects";
    /** Rows of the last batch the sink handed to the native writer. */
    public static final String BATCH_ROWS = "batchRows";
    /** Milliseconds the last flush (checkpoint or end of input) waited for TDengine. */
    public static final String FLUSH_LATENCY_MS = "flushLatencyMs";
    /** CDC: WAL versions between a vgroup's position and its end, summed over the reader's vgroups. */
    public static final String LAG = "lag";
    /** CDC: the group of one vgroup's gauges, named by the vgroup id. */
    public static final String VGROUP = "vgroup";

    private TDengineMetrics() {}

    /** The {@value #GROUP} group under {@code parent}, with the native memory gauge. */
    public static MetricGroup group(MetricGroup parent) {
        MetricGroup group = parent.addGroup(GROUP);
        group.gauge(NATIVE_MEMORY_BYTES, new NativeMemory());
        return group;
    }

    /**
     * A new object per registration: Flink's metric query service (behind the REST API) keys
     * metrics by object, and a method reference here would be one shared instance, shown for
     * one operator only.
     */
    private static final class NativeMemory implements Gauge<Long> {
        @Override
        public Long getValue() {
            return NativeRuntime.allocatedBytes();
        }
    }
}
