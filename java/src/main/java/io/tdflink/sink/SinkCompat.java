package io.tdflink.sink;

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;

/**
 * Flink 1.19 and 1.20 declare {@code createWriter(Sink.InitContext)} abstract; Flink 2 removed
 * {@code Sink.InitContext}. Declared in the sink class itself, that method breaks Flink 2: Java
 * serialization reflects on the class's declared methods, which resolves the missing type
 * (docs/sink.md). As a default method of an interface it satisfies 1.x's compiler and
 * is never resolved on 2.x. Every runtime calls {@code createWriter(WriterInitContext)}.
 */
@Internal
public interface SinkCompat<T> extends Sink<T> {
    @Override
    @Deprecated
    default SinkWriter<T> createWriter(Sink.InitContext context) {
        throw new UnsupportedOperationException(
                "Flink called createWriter(Sink.InitContext); tdflink's writers come from createWriter(WriterInitContext)");
    }
}
