package io.tdflink.source.reader;

import io.tdflink.source.split.TDengineSplit;

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.connector.source.SourceOutput;
import org.apache.flink.connector.base.source.reader.RecordEmitter;

/** Emits decoded elements as they are: decoding already happened on the fetcher thread. */
@Internal
final class TDengineRecordEmitter<OUT> implements RecordEmitter<OUT, OUT, TDengineSplit> {
    @Override
    public void emitRecord(OUT element, SourceOutput<OUT> output, TDengineSplit split) {
        output.collect(element);
    }
}
