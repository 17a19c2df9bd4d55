package io.tdflink.jni;

import org.apache.flink.annotation.Internal;

/**
 * Start-up and shutdown of the native side of this classloader's copy of the library: the
 * tokio runtime and the log bridge.
 *
 * <p>Every class that declares native methods touches this class first, so the library is
 * initialised before any other native call. {@link #shutdown()} runs when Flink releases the
 * job's classloader ({@link NativeLifecycle}); it stops the runtime threads and the log
 * forwarder.
 */
@Internal
public final class NativeRuntime {
    /** Worker threads of the native runtime; {@code -Dtdflink.native.workers} overrides. */
    static final String WORKERS_PROPERTY = "tdflink.native.workers";

    static {
        NativeLibrary.ensureLoaded();
        init(NativeLogForwarder.currentLevel(), Integer.getInteger(WORKERS_PROPERTY, 2));
        NativeLogForwarder.start();
    }

    private NativeRuntime() {}

    /** Makes sure the library is loaded and initialised (class initialisation does it once). */
    public static void ensureStarted() {}

    /** Stops native threads and the log forwarder. Safe to call more than once. */
    public static void shutdown() {
        shutdownNative();
        NativeLogForwarder.awaitStop();
    }

    /** Library version (the Rust crate version). */
    public static native String version();

    /**
     * Installs the log bridge and configures the runtime (created lazily on first use).
     *
     * @param logLevel 0 OFF, 1 ERROR, 2 WARN, 3 INFO, 4 DEBUG, 5 TRACE
     * @param workerThreads worker threads of the runtime, at least 1
     */
    private static native void init(int logLevel, int workerThreads);

    /** Changes the maximum level of Rust records that are queued (same numbering as init). */
    static native void setLogLevel(int logLevel);

    private static native void shutdownNative();
}
