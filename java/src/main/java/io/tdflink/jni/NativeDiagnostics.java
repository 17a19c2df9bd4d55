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
    public static void raiseError(int code, String message) {
        raiseError0(code, message);
    }

    /** Panics in Rust; arrives as a TDengineException with code 0x2350. */
    public static void panic(String message) {
        panic0(message);
    }

    /** Emits a Rust log record (level 1 ERROR .. 5 TRACE) under the given Rust target. */
    public static void log(int level, String target, String message) {
        log0(level, target, message);
    }

    /**
     * Decodes the batch in {@code input[0, length)} in Rust and re-encodes it into {@code output}.
     *
     * @return bytes written, or {@code -needed} if {@code output} is too small
     */
    public static int roundTripBatch(ByteBuffer input, int length, ByteBuffer output) {
        return roundTripBatch0(input, length, output);
    }

    /** Runs a task on the native runtime and returns the name of the thread that ran it. */
    public static String runtimeThreadName() {
        return runtimeThreadName0();
    }

    /** Number of live native handles in this library copy. */
    public static int liveHandles() {
        return liveHandles0();
    }

    /** Distinguishes mapped copies of the library: classloaders sharing one copy see the same value. */
    public static long instanceId() {
        return instanceId0();
    }

    private static native void raiseError0(int code, String message);

    private static native void panic0(String message);

    private static native void log0(int level, String target, String message);

    private static native int roundTripBatch0(ByteBuffer input, int length, ByteBuffer output);

    private static native String runtimeThreadName0();

    private static native int liveHandles0();

    private static native long instanceId0();

    private static native long openProbe0(String label);

    private static native String probeLabel0(long handle);

    private static native void releaseProbe0(long handle);

    /** The smallest native handle: a label kept in Rust. */
    public static final class Probe extends NativeHandle {
        public Probe(String label) {
            super(openProbe0(label));
        }

        public String label() {
            return probeLabel0(handle());
        }

        /** Reads the label through a raw handle value, bypassing the Java-side guard. */
        public static String labelOfRawHandle(long rawHandle) {
            return probeLabel0(rawHandle);
        }

        public long rawHandle() {
            return handle();
        }

        @Override
        protected void release(long handle) {
            releaseProbe0(handle);
        }
    }
}
