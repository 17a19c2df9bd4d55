package io.tdflink.jni;

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.util.UserCodeClassLoader;

/**
 * Ties the native runtime to Flink's classloader lifecycle (kept apart from the classes that
 * declare natives, so those stay free of Flink types).
 *
 * <p>When the connector jar is submitted with a job, each job's classloader loads its own
 * copy of the library; when Flink releases that classloader the hook stops the copy's
 * threads, so nothing piles up in a long-running TaskManager. When the jar sits in Flink's
 * {@code lib/}, one copy serves every job and no job may stop it: no hook is registered.
 */
@Internal
public final class NativeLifecycle {
    static final String HOOK_NAME = "tdflink-native-shutdown";

    private NativeLifecycle() {}

    /** For sources and sinks: {@code SourceReaderContext/WriterInitContext#getUserCodeClassLoader()}. */
    public static void registerReleaseHook(UserCodeClassLoader userCodeClassLoader) {
        if (loadedPerJob()) {
            userCodeClassLoader.registerReleaseHookIfAbsent(HOOK_NAME, NativeRuntime::shutdown);
        }
    }

    /** For user functions that call native code. */
    public static void registerReleaseHook(RuntimeContext runtimeContext) {
        if (loadedPerJob()) {
            runtimeContext.registerUserCodeClassLoaderReleaseHookIfAbsent(HOOK_NAME, NativeRuntime::shutdown);
        }
    }

    /** True when this class came from a job's classloader rather than from Flink's own. */
    static boolean loadedPerJob() {
        return NativeLifecycle.class.getClassLoader() != RuntimeContext.class.getClassLoader();
    }
}
