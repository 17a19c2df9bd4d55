package io.tdflink.jni;

import org.apache.flink.annotation.Internal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Split planning in Rust: a split description (JSON) to SQL tasks, checked against the server;
 * a SQL table's scan to splits with bound parameters.
 */
@Internal
public final class NativeSplits {
    static {
        NativeRuntime.ensureStarted();
    }

    private NativeSplits() {}

    /**
     * Plans on the server: connects with {@code url} and {@code properties}, checks the
     * query and learns the precision of the database it reads.
     */
    public static List<String> planOnServer(String url, Map<String, String> properties, Map<String, Object> spec) {
        return Arrays.asList(planOnServer0(url, NativeJson.of(properties), NativeJson.of(spec))
                .split("\0", -1));
    }

    private static native String planOnServer0(String url, String propertiesJson, String specJson);

    /** One split of a scan: SQL with {@code ?} placeholders and the one-row batch bound to them (empty: none). */
    public static final class ScanTask {
        public final String sql;
        public final byte[] parameters;

        ScanTask(String sql, byte[] parameters) {
            this.sql = sql;
            this.parameters = parameters;
        }
    }

    /**
     * Plans a SQL table's scan ({@code spec}, see ScanSpec in rust/native/src/splits/scan.rs;
     * {@code parameters} its parameter batch). Connects only when the partitioning lists
     * subtables or vgroups on the server.
     */
    public static List<ScanTask> planScan(
            String url, Map<String, String> properties, Map<String, Object> spec, byte[] parameters) {
        return decodeScan(planScan0(url, NativeJson.of(properties), NativeJson.of(spec), parameters));
    }

    /** The layout of docs/jni-conventions.md, "Scan splits": a count, then per split the SQL and the batch, each after its u32 length. */
    static List<ScanTask> decodeScan(byte[] encoded) {
        ByteBuffer in = ByteBuffer.wrap(encoded).order(ByteOrder.LITTLE_ENDIAN);
        int count = in.getInt();
        List<ScanTask> tasks = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String sql = new String(take(in), StandardCharsets.UTF_8);
            tasks.add(new ScanTask(sql, take(in)));
        }
        if (in.hasRemaining()) {
            throw new IllegalStateException("scan splits: " + in.remaining() + " trailing bytes");
        }
        return tasks;
    }

    private static byte[] take(ByteBuffer in) {
        byte[] bytes = new byte[in.getInt()];
        in.get(bytes);
        return bytes;
    }

    private static native byte[] planScan0(String url, String propertiesJson, String specJson, byte[] parameters);
}
