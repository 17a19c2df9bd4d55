package io.tdflink.jni;

import org.apache.flink.annotation.Internal;

import java.nio.ByteBuffer;
import java.util.Map;

/**
 * The sink's native write path for one target: {@link #submit} hands Rust one columnar batch
 * and returns while Rust writes it through stmt2 (at most one more batch waits behind it);
 * {@link #flush} waits until every submitted batch is written. A failed write is thrown by the
 * next call. Not thread-safe: one writer thread owns it.
 */
@Internal
public final class NativeWriter extends NativeHandle {
    static {
        NativeRuntime.ensureStarted();
    }

    private NativeWriter(long handle) {
        super(handle);
    }

    /**
     * Connects and prepares the insert.
     *
     * @param targetJson the target: database, table, supertable flag, the fields in batch order
     *     with their roles (tbname, tag, column) and the index of the primary timestamp
     */
    public static NativeWriter open(String url, Map<String, String> properties, String targetJson) {
        return new NativeWriter(open0(url, NativeJson.of(properties), targetJson));
    }

    /** Queues the batch in {@code buffer[0, length)}; the buffer may be reused on return. */
    public void submit(ByteBuffer buffer, int length) {
        submit0(handle(), buffer, length);
    }

    /** Waits for every queued batch; returns the rows written since opening. */
    public long flush() {
        return flush0(handle());
    }

    /** What the writer has done so far, for the sink's metrics. */
    public Stats stats() {
        return new Stats(stats0(handle()));
    }

    /** Rows and batches written, reconnects, and how long the last batch took. */
    public static final class Stats {
        public final long rowsWritten;
        public final long batchesWritten;
        public final long reconnects;
        public final long lastBatchNanos;

        private Stats(long[] values) {
            this.rowsWritten = values[0];
            this.batchesWritten = values[1];
            this.reconnects = values[2];
            this.lastBatchNanos = values[3];
        }
    }

    @Override
    protected void release(long handle) {
        release0(handle);
    }

    private static native long open0(String url, String propertiesJson, String targetJson);

    private static native void submit0(long handle, ByteBuffer buffer, int length);

    private static native long flush0(long handle);

    private static native long[] stats0(long handle);

    private static native void release0(long handle);
}
