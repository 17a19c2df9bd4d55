package io.tdflink.jni;

import org.apache.flink.annotation.Internal;

import java.util.Arrays;
import java.util.List;

/** Split planning in Rust: a split description (JSON) to SQL tasks, checked against the server. */
@Internal
public final class NativeSplits {
    static {
        NativeRuntime.ensureStarted();
    }

    private NativeSplits() {}

    /**
     * Plans on the server: connects with {@code url} and {@code propertiesJson}, checks the
     * query and learns the precision of the database it reads.
     */
    public static List<String> planOnServer(String url, String propertiesJson, String specJson) {
        return Arrays.asList(planOnServer0(url, propertiesJson, specJson).split("\0", -1));
    }

    private static native String planOnServer0(String url, String propertiesJson, String specJson);
}
