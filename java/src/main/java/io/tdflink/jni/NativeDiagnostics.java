package io.tdflink.jni;

import org.apache.flink.annotation.Internal;

import java.nio.ByteBuffer;

/**
 * Self-checks of the native boundary: the test suite proves the conventions with them, and an
 * operator can call them to check that the native library works inside a TaskManager. Each
 * one runs the same boundary code (error mapping, handles, log bridge, batch layout, runtime)
 * that every connector feature uses.
 */
@Internal
public final class NativeDiagnostics {
    static {
        NativeRuntime.ensureStarted();
    }

    private NativeDiagnostics() {}

    /** Fails in Rust with the given code, like any failing native call. */
    public static native void raiseError(int code, String message);

    /** Panics in Rust; arrives as a TDengineException with code 0x2350. */
    public static native void panic(String message);

    /** Emits a Rust log record (level 1 ERROR .. 5 TRACE) under the given Rust target. */
    public static native void log(int level, String target, String message);

    /**
     * Decodes the batch in {@code input[0, length)} in Rust and re-encodes it into {@code output}.
     *
     * @return bytes written, or {@code -needed} if {@code output} is too small
     */
    public static native int roundTripBatch(ByteBuffer input, int length, ByteBuffer output);

    /** Runs a task on the native runtime and returns the name of the thread that ran it. */
    public static native String runtimeThreadName();

    /** Number of live native handles in this library copy. */
    public static native int liveHandles();

    /** Distinguishes mapped copies of the library: classloaders sharing one copy see the same value. */
    public static native long instanceId();

    static native long openProbe(String label);

    static native String probeLabel(long handle);

    static native void releaseProbe(long handle);

    /** The smallest native handle: a label kept in Rust. */
    public static final class Probe extends NativeHandle {
        public Probe(String label) {
            super(openProbe(label));
        }

        public String label() {
            return probeLabel(handle());
        }

        /** Reads the label through a raw handle value, bypassing the Java-side guard. */
        public static String labelOfRawHandle(long rawHandle) {
            return probeLabel(rawHandle);
        }

        public long rawHandle() {
            return handle();
        }

        @Override
        protected void release(long handle) {
            releaseProbe(handle);
        }
    }
}
