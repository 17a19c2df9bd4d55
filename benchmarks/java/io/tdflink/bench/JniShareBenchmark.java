package io.tdflink.bench;

import io.tdflink.common.TDengineDataType;
import io.tdflink.jni.NativeBatchWriter;
import io.tdflink.jni.NativeColumn;
import io.tdflink.jni.NativeDiagnostics;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The cost of crossing the JNI boundary per row, with no I/O (benchmarks/jni.sh): batches of
 * {@code meters} rows as the sink builds them (tbname, ts, current, voltage, phase, location,
 * groupid) cross into Rust, which decodes them as its write path does and encodes them again,
 * as its read path encodes a batch, into a Java buffer ({@link NativeDiagnostics#roundTripBatch}).
 * One round trip is both directions' crossing: the call, the checks, Rust's decode and encode of
 * the layout and the copy out. Prints one JSON line per measured run with the rows that crossed,
 * seconds and this thread's CPU seconds.
 *
 * <p>Arguments: ROWS_PER_BATCH BATCHES RUNS
 */
public final class JniShareBenchmark {
    private JniShareBenchmark() {}

    public static void main(String[] args) {
        int rowsPerBatch = Integer.parseInt(args[0]);
        int batches = Integer.parseInt(args[1]);
        int runs = Integer.parseInt(args[2]);
        List<NativeColumn> schema = Arrays.asList(
                NativeColumn.of("tbname", TDengineDataType.VARCHAR),
                NativeColumn.of("ts", TDengineDataType.TIMESTAMP),
                NativeColumn.of("current", TDengineDataType.FLOAT),
                NativeColumn.of("voltage", TDengineDataType.INT),
                NativeColumn.of("phase", TDengineDataType.FLOAT),
                NativeColumn.of("location", TDengineDataType.VARCHAR),
                NativeColumn.of("groupid", TDengineDataType.INT));
        NativeBatchWriter writer = new NativeBatchWriter(schema);
        for (int k = 0; k < rowsPerBatch; k++) {
            int t = k % 1000;
            writer.appendString(0, "d" + t);
            writer.appendLong(1, 1_700_000_000_000L + k);
            writer.appendFloat(2, (k % 100) * 0.5f);
            writer.appendInt(3, 200 + k % 20);
            writer.appendFloat(4, (k % 7) * 0.1f);
            writer.appendString(5, "California.city" + t % 10);
            writer.appendInt(6, t % 10);
        }
        ByteBuffer in = ByteBuffer.allocateDirect(writer.encodedSize());
        int length = writer.encodeTo(in);
        ByteBuffer out = ByteBuffer.allocateDirect(length);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        for (int run = 0; run <= runs; run++) {
            long started = System.nanoTime();
            long startedCpu = threads.getCurrentThreadCpuTime();
            for (int b = 0; b < batches; b++) {
                if (NativeDiagnostics.roundTripBatch(in, length, out) != length) {
                    throw new IllegalStateException("the batch did not come back whole");
                }
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            double cpuSeconds = (threads.getCurrentThreadCpuTime() - startedCpu) / 1e9;
            if (run > 0) {
                System.out.printf(
                        Locale.ROOT,
                        "{\"rows\": %d, \"seconds\": %.4f, \"cpu_seconds\": %.4f, \"batch_bytes\": %d}%n",
                        (long) rowsPerBatch * batches,
                        seconds,
                        cpuSeconds,
                        length);
            }
        }
    }
}
