package io.tdflink.it;

import io.tdflink.common.TDengineDataType;
import io.tdflink.jni.NativeBatchReader;
import io.tdflink.jni.NativeBatchWriter;
import io.tdflink.jni.NativeColumn;
import io.tdflink.jni.NativeDiagnostics;
import io.tdflink.jni.NativeLifecycle;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichFlatMapFunction;
import org.apache.flink.api.java.tuple.Tuple3;
import org.apache.flink.util.Collector;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * For each batch index it builds a batch of {@link #ROWS} values in Java, sends it through
 * Rust (decode + re-encode) in one native call, reads it back and emits (library instance,
 * runtime thread name, sum of the batch). One native call per batch, as in the connector.
 */
public class NativeBatchSumFunction extends RichFlatMapFunction<Long, Tuple3<Long, String, Long>> {
    static final int ROWS = 1000;
    private static final List<NativeColumn> SCHEMA = List.of(NativeColumn.of("v", TDengineDataType.BIGINT));

    private transient NativeBatchWriter writer;
    private transient ByteBuffer in;
    private transient ByteBuffer out;
    private transient String runtimeThread;

    @Override
    public void open(OpenContext openContext) {
        NativeLifecycle.registerReleaseHook(getRuntimeContext());
        writer = new NativeBatchWriter(SCHEMA);
        runtimeThread = NativeDiagnostics.runtimeThreadName();
    }

    @Override
    public void flatMap(Long batchIndex, Collector<Tuple3<Long, String, Long>> collector) {
        writer.clear();
        for (int i = 0; i < ROWS; i++) {
            writer.appendLong(0, batchIndex * ROWS + i);
        }
        int size = writer.encodedSize();
        if (in == null || in.capacity() < size) {
            in = ByteBuffer.allocateDirect(size);
            out = ByteBuffer.allocateDirect(size);
        }
        int length = NativeDiagnostics.roundTripBatch(in, writer.encodeTo(in), out);
        NativeBatchReader reader = new NativeBatchReader(out, length);
        long sum = 0;
        for (int r = 0; r < reader.rowCount(); r++) {
            sum += reader.getLong(0, r);
        }
        collector.collect(Tuple3.of(NativeDiagnostics.instanceId(), runtimeThread, sum));
    }
}
