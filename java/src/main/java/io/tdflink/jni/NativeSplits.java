package io.tdflink.jni;

import org.apache.flink.annotation.Internal;

import java.util.Arrays;
import java.util.List;

/** Split planning in Rust: a split description (JSON) and a database precision to SQL tasks. */
@Internal
public final class NativeSplits {
    static {
        NativeRuntime.ensureStarted();
    }

    private NativeSplits() {}

    /**
     * @param specJson the {@code SourceSplitSql} as JSON (getter names as keys)
     * @param precision timestamp precision of the database read: 0 ms, 1 µs, 2 ns
     * @return the SQL tasks in the order they should run
     */
    public static List<String> plan(String specJson, int precision) {
        // SQL text never contains NUL, so one string with NUL separators carries the list.
        return Arrays.asList(plan0(specJson, precision).split("\0", -1));
    }

    /**
     * Plans on the server: connects with {@code url} and {@code propertiesJson}, checks the
     * query and learns the precision of the database it reads.
     */
    public static List<String> planOnServer(String url, String propertiesJson, String specJson) {
        return Arrays.asList(planOnServer0(url, propertiesJson, specJson).split("\0", -1));
    }

    private static native String plan0(String specJson, int precision);

    private static native String planOnServer0(String url, String propertiesJson, String specJson);
}
