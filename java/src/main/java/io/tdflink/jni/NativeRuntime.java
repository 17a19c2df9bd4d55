package io.tdflink.jni;

import org.apache.flink.annotation.Internal;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * This classloader's start-up and release of the native library.
 *
 * <p>Every class that declares native methods touches this class first, so the library is
 * initialised (and this classloader attached to it) before any other native call.
 * {@link #shutdown()} runs when Flink releases the job's classloader ({@link NativeLifecycle}):
 * it detaches this classloader and stops its log forwarder; the native runtime's threads stop
 * with the last classloader that shares the library ({@link NativeLibrary}).
 */
@Internal
public final class NativeRuntime {
    /** Worker threads of the native runtime; {@code -Dtdflink.native.workers} overrides. */
    static final String WORKERS_PROPERTY = "tdflink.native.workers";

    private static final AtomicBoolean RELEASED = new AtomicBoolean();

    static {
        NativeLibrary.ensureLoaded();
        init0(NativeLogForwarder.currentLevel(), Integer.getInteger(WORKERS_PROPERTY, 2));
        NativeLogForwarder.start();
    }

    private NativeRuntime() {}

    /** Makes sure the library is loaded and initialised (class initialisation does it once). */
    public static void ensureStarted() {}

    /** Detaches this classloader from the library, once; safe to call more than once. */
    public static void shutdown() {
        if (RELEASED.compareAndSet(false, true)) {
            shutdown0();
            NativeLogForwarder.stop();
        }
    }

    /** Bytes the native library holds allocated (every classloader sharing it together). */
    public static long allocatedBytes() {
        return allocatedBytes0();
    }

    /** Library version (the Rust crate version). */
    public static String version() {
        return version0();
    }

    /** Changes the maximum level of Rust records that are queued (same numbering as init). */
    static void setLogLevel(int logLevel) {
        setLogLevel0(logLevel);
    }

    private static native long allocatedBytes0();

    private static native String version0();

    /**
     * Installs the log bridge and configures the runtime (created lazily on first use).
     *
     * @param logLevel 0 OFF, 1 ERROR, 2 WARN, 3 INFO, 4 DEBUG, 5 TRACE
     * @param workerThreads worker threads of the runtime, at least 1
     */
    private static native void init0(int logLevel, int workerThreads);

    private static native void setLogLevel0(int logLevel);

    /** Detaches a classloader; the last one stops the runtime and closes the log bridge. */
    private static native void shutdown0();
}
