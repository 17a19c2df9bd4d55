package io.tdflink.sink.writer;

import io.tdflink.common.ConnectionProperties;
import io.tdflink.jni.NativeJson;
import io.tdflink.jni.NativeWriter;

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.metrics.groups.SinkWriterMetricGroup;
import org.apache.flink.table.types.logical.LogicalType;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.sql.SQLException;
import java.time.ZoneId;
import java.util.List;

/**
 * Buffers rows into a columnar batch and hands full batches to Rust, which writes them through
 * stmt2 while the next batch fills. {@link #flush} (before every checkpoint and at the end of
 * input) writes what is buffered and waits for every batch, so a completed checkpoint means
 * the rows are in TDengine: at-least-once. A failed write fails the task; Flink restarts from
 * the last checkpoint and the rows since are written again.
 */
@Internal
public final class TDengineSinkWriter<IN> implements SinkWriter<IN> {
    /** A batch is also sent once it is this large, whatever the row count. */
    private static final int MAX_BATCH_BYTES = 16 << 20;

    private final SinkInput<IN> input;
    private final int batchSize;
    private final SinkBatchBuilder batch;
    private final NativeWriter writer;
    private final SinkWriterMetrics metrics;
    private ByteBuffer buffer = ByteBuffer.allocateDirect(1 << 20);

    /** @param rowTypes the declared type of each row field (SQL), or null */
    public TDengineSinkWriter(
            ConnectionProperties connection,
            SinkTarget target,
            SinkInput<IN> input,
            int batchSize,
            ZoneId wallClockZone,
            List<LogicalType> rowTypes,
            SinkWriterMetricGroup metricGroup) {
        this.input = input;
        this.metrics = new SinkWriterMetrics(metricGroup);
        this.batchSize = batchSize;
        this.batch = new SinkBatchBuilder(
                target.displayName(),
                target.fields(),
                target.timestampField(),
                target.tbnameField(),
                wallClockZone,
                rowTypes);
        this.writer = NativeWriter.open(connection.url(), connection.properties(), NativeJson.of(target.toNative()));
    }

    @Override
    public void write(IN element, Context context) throws IOException {
        try {
            input.addTo(batch, element);
        } catch (SQLException e) {
            throw new IOException(e);
        }
        if (batch.rowCount() >= batchSize || batch.encodedSize() >= MAX_BATCH_BYTES) {
            submit();
        }
    }

    @Override
    public void flush(boolean endOfInput) {
        if (batch.rowCount() > 0) {
            submit();
        }
        long started = System.nanoTime();
        try {
            writer.flush();
        } catch (RuntimeException e) {
            metrics.failed();
            throw e;
        }
        metrics.flushed(System.nanoTime() - started);
        metrics.update(writer.stats());
    }

    private void submit() {
        int size = batch.encodedSize();
        if (buffer.capacity() < size) {
            buffer = ByteBuffer.allocateDirect(Math.max(size, buffer.capacity() * 2));
        }
        int length = batch.encodeTo(buffer);
        metrics.submitted(batch.rowCount(), length);
        try {
            writer.submit(buffer, length);
        } catch (RuntimeException e) {
            metrics.failed();
            throw e;
        }
        batch.clear();
        metrics.update(writer.stats());
    }

    @Override
    public void close() {
        writer.close();
    }
}
