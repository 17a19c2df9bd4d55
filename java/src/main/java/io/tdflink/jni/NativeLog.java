package io.tdflink.jni;

import org.apache.flink.annotation.Internal;

import java.nio.ByteBuffer;

/** Natives of the log bridge; {@link NativeLogForwarder} is the only caller. */
@Internal
final class NativeLog {
    static {
        NativeRuntime.ensureStarted();
    }

    private NativeLog() {}

    /**
     * Waits up to {@code timeoutMs} for queued Rust log records and writes them into
     * {@code out} (a direct buffer owned by the caller), format in docs/jni-conventions.md.
     *
     * @return bytes written, 0 on timeout, -1 once the library has been shut down
     */
    static int drain(ByteBuffer out, int timeoutMs) {
        return drain0(out, timeoutMs);
    }

    private static native int drain0(ByteBuffer out, int timeoutMs);
}
