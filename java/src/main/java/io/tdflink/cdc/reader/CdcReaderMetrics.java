package io.tdflink.cdc.reader;

import io.tdflink.common.metrics.TDengineMetrics;
import io.tdflink.jni.NativeConsumer;

import org.apache.flink.annotation.Internal;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.groups.SourceReaderMetricGroup;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * The CDC reader's metrics: Flink's standard {@code numRecordsIn} and {@code numBytesIn}
 * (counted by the task thread as it emits), and TDengine's lag per vgroup and in total, and
 * reconnects (taken by the fetch thread at each assignment check). A vgroup TMQ moved to
 * another reader shows lag 0 here; its gauge stays, as a metric group cannot drop one.
 */
@Internal
final class CdcReaderMetrics {
    private final Counter recordsIn;
    private final Counter bytesIn;
    private final MetricGroup tdengine;
    private final Map<Integer, Long> lags = new ConcurrentHashMap<>();
    /** Vgroups whose gauge exists: a vgroup moved away and back keeps its first one. */
    private final Set<Integer> gauged = new HashSet<>();

    private volatile long reconnects;

    CdcReaderMetrics(SourceReaderMetricGroup metrics) {
        this.recordsIn = metrics.getIOMetricGroup().getNumRecordsInCounter();
        this.bytesIn = metrics.getIOMetricGroup().getNumBytesInCounter();
        this.tdengine = TDengineMetrics.group(metrics);
        tdengine.gauge(TDengineMetrics.LAG, (Gauge<Long>)
                () -> lags.values().stream().mapToLong(Long::longValue).sum());
        tdengine.gauge(TDengineMetrics.RECONNECTS, (Gauge<Long>) () -> reconnects);
    }

    /** Task thread: a fetch's records were emitted. */
    void emitted(int records, int bytes) {
        recordsIn.inc(records);
        bytesIn.inc(bytes);
    }

    /** Fetch thread: the vgroups the consumer owns now, and its reconnects so far. */
    void assignment(List<NativeConsumer.Assignment> assignment, long reconnectsSoFar) {
        reconnects = reconnectsSoFar;
        lags.keySet().retainAll(assignment.stream().map(a -> a.vgroupId).collect(Collectors.toSet()));
        for (NativeConsumer.Assignment assigned : assignment) {
            lags.put(assigned.vgroupId, Math.max(0, assigned.end - assigned.current));
            if (gauged.add(assigned.vgroupId)) {
                int vgroup = assigned.vgroupId;
                tdengine.addGroup(TDengineMetrics.VGROUP, String.valueOf(vgroup))
                        .gauge(TDengineMetrics.LAG, (Gauge<Long>) () -> lags.getOrDefault(vgroup, 0L));
            }
        }
    }
}
