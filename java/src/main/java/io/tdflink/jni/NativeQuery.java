package io.tdflink.jni;

import org.apache.flink.annotation.Internal;

import java.nio.ByteBuffer;
import java.util.Map;

/**
 * One SQL query read as a stream of batches: Rust connects, runs the query and fetches its
 * blocks; each {@link #next()} is one native call returning one block in the batch layout.
 * A query may take {@code ?} parameters, bound through stmt2 so that no value becomes SQL
 * text; {@link #describe} tells the columns of a query without reading a row. Not
 * thread-safe: one reader thread owns it.
 */
@Internal
public final class NativeQuery extends NativeHandle {
    static {
        NativeRuntime.ensureStarted();
    }

    private final NativeOutputBuffer output = new NativeOutputBuffer();
    private boolean finished;

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
        return new NativeQuery(open0(url, NativeJson.of(properties), sql));
    }

    /**
     * Connects and runs {@code sql} with its {@code ?} placeholders bound to {@code params}.
     *
     * @param params {@code params[0, paramsLength)}: a direct buffer holding a one-row batch
     *     ({@link NativeBatchWriter#encodeTo}), one column per placeholder in order, each bound
     *     with its column's type; TIMESTAMP values in the database's unit. Read during the call only.
     */
    public static NativeQuery open(
            String url, Map<String, String> properties, String sql, ByteBuffer params, int paramsLength) {
        return new NativeQuery(openWithParams0(url, NativeJson.of(properties), sql, params, paramsLength));
    }

    /**
     * The columns {@code sql} returns, learned without reading a row (the server plans
     * {@code select * from (sql) limit 0}): a batch of no rows whose schema carries each
     * column's name, type, declared width, TIMESTAMP precision and DECIMAL digits and scale. A
     * statement that cannot be a subquery (INSERT, DDL) fails with the server's code and never runs.
     */
    public static NativeBatchReader describe(String url, Map<String, String> properties, String sql) {
        byte[] batch = describe0(url, NativeJson.of(properties), sql);
        return new NativeBatchReader(ByteBuffer.wrap(batch), batch.length);
    }

    /**
     * The next batch, valid until the next call; {@code null} once every row was read
     * ({@link #finished()}) or when {@link #wakeup} ended the wait first.
     */
    public NativeBatchReader next() {
        long handle = handle();
        int length = output.fill(out -> next0(handle, out));
        if (length == -1) {
            finished = true;
        }
        return length <= 0 ? null : new NativeBatchReader(output.buffer(), length);
    }

    /** Whether {@link #next} reached the end of the result. */
    public boolean finished() {
        return finished;
    }

    /**
     * Ends the {@link #next} waiting on another thread now (it returns {@code null}), or else
     * the next one. The one call that may come from another thread than the owner's. A no-op
     * once closed.
     */
    public void wakeup() {
        callIfOpen(handle -> wakeup0(handle));
    }

    @Override
    protected void release(long handle) {
        release0(handle);
    }

    private static native long open0(String url, String propertiesJson, String sql);

    private static native long openWithParams0(
            String url, String propertiesJson, String sql, ByteBuffer params, int paramsLength);

    private static native byte[] describe0(String url, String propertiesJson, String sql);

    /** @return batch length, -1 at the end, 0 when woken, or -needed when {@code out} is too small */
    private static native int next0(long handle, ByteBuffer out);

    private static native void wakeup0(long handle);

    private static native void release0(long handle);
}
