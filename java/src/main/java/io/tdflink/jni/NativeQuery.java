package io.tdflink.jni;

import org.apache.flink.annotation.Internal;

import java.nio.ByteBuffer;
import java.util.Map;

/**
 * One SQL query read as a stream of batches: Rust connects, runs the query and fetches its
 * blocks; each {@link #next()} is one native call returning one block in the batch layout.
 * Not thread-safe: one reader thread owns it.
 */
@Internal
public final class NativeQuery extends NativeHandle {
    private static final int INITIAL_BUFFER_BYTES = 1 << 20;

    static {
        NativeRuntime.ensureStarted();
    }

    private ByteBuffer buffer = ByteBuffer.allocateDirect(INITIAL_BUFFER_BYTES);

    private NativeQuery(long handle) {
        super(handle);
    }

    /**
     * Connects and runs {@code sql}.
     *
     * @param url {@code jdbc:TAOS-WS://host:port/db?...}
     * @param properties connection properties (user, password, timezone, ...); URL parameters win
     */
    public static NativeQuery open(String url, Map<String, String> properties, String sql) {
        return new NativeQuery(open(url, NativeJson.of(properties), sql));
    }

    /** The next batch, or {@code null} once every row was read. Valid until the next call. */
    public NativeBatchReader next() {
        while (true) {
            int length = next(handle(), buffer);
            if (length == -1) {
                return null;
            }
            if (length >= 0) {
                return new NativeBatchReader(buffer, length);
            }
            buffer = ByteBuffer.allocateDirect(Math.max(-length, buffer.capacity() * 2));
        }
    }

    @Override
    protected void release(long handle) {
        release0(handle);
    }

    private static native long open(String url, String propertiesJson, String sql);

    /** @return batch length, -1 at the end, or -needed when {@code out} is too small */
    private static native int next(long handle, ByteBuffer out);

    private static native void release0(long handle);
}
