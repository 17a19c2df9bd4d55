package io.tdflink.jni;

import org.apache.flink.annotation.Internal;

import java.nio.ByteBuffer;

/**
 * The direct buffer a native call writes one batch or message into, and the boundary's one
 * growth rule: a call that does not fit answers {@code -needed} and keeps what it had, the
 * buffer grows to at least that (doubling, so growth is rare), and the call is made again.
 * Owned by one handle, used by its owner's thread.
 */
@Internal
final class NativeOutputBuffer {
    private static final int INITIAL_BYTES = 1 << 20;

    /** A native call writing into {@code out}: a length or marker, or {@code -needed} (needed > 1). */
    @FunctionalInterface
    interface Call {
        int into(ByteBuffer out);
    }

    private ByteBuffer buffer = ByteBuffer.allocateDirect(INITIAL_BYTES);

    /** Runs {@code call} until its answer fits: the answer, which is never below -1. */
    int fill(Call call) {
        while (true) {
            int answer = call.into(buffer);
            if (answer >= -1) {
                return answer;
            }
            buffer = ByteBuffer.allocateDirect(Math.max(-answer, buffer.capacity() * 2));
        }
    }

    /** What the last {@link #fill} wrote; valid until the next one. */
    ByteBuffer buffer() {
        return buffer;
    }
}
