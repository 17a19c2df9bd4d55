package io.tdflink.sink.writer;

import io.tdflink.common.metrics.TDengineMetrics;
import io.tdflink.jni.NativeWriter;

import org.apache.flink.annotation.Internal;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.groups.SinkWriterMetricGroup;

/**
 * The sink writer's metrics: Flink's standard sink metrics (records and bytes sent, records
 * that failed, the last send time) and TDengine's (batch rows, flush latency, reconnects).
 * Updated by the writer's thread from the native writer's figures after each call.
 */
@Internal
final class SinkWriterMetrics {
    private final Counter recordsSent;
    private final Counter bytesSent;
    private final Counter recordsFailed;
    private volatile long lastSendMs;
    private volatile long batchRows;
    private volatile long flushLatencyMs;
    private volatile long reconnects;
    private long written;
    private long submitted;

    SinkWriterMetrics(SinkWriterMetricGroup metrics) {
        this.recordsSent = metrics.getNumRecordsSendCounter();
        this.bytesSent = metrics.getNumBytesSendCounter();
        this.recordsFailed = metrics.getNumRecordsOutErrorsCounter();
        metrics.setCurrentSendTimeGauge(() -> lastSendMs);
        MetricGroup tdengine = TDengineMetrics.group(metrics);
        tdengine.gauge(TDengineMetrics.BATCH_ROWS, (Gauge<Long>) () -> batchRows);
        tdengine.gauge(TDengineMetrics.FLUSH_LATENCY_MS, (Gauge<Long>) () -> flushLatencyMs);
        tdengine.gauge(TDengineMetrics.RECONNECTS, (Gauge<Long>) () -> reconnects);
    }

    /** A batch was handed to the native writer. */
    void submitted(int rows, int bytes) {
        submitted += rows;
        batchRows = rows;
        bytesSent.inc(bytes);
    }

    void flushed(long nanos) {
        flushLatencyMs = nanos / 1_000_000;
    }

    /** Takes the native writer's figures: rows written since the last update count as sent. */
    void update(NativeWriter.Stats stats) {
        recordsSent.inc(stats.rowsWritten - written);
        written = stats.rowsWritten;
        reconnects = stats.reconnects;
        lastSendMs = stats.lastBatchNanos / 1_000_000;
    }

    /** A write failed: the rows handed over and not written failed with it. */
    void failed() {
        recordsFailed.inc(submitted - written);
        written = submitted;
    }
}
