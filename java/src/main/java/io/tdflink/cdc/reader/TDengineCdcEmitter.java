package io.tdflink.cdc.reader;

import io.tdflink.cdc.split.TDengineCdcSplitState;

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.connector.source.SourceOutput;
import org.apache.flink.connector.base.source.reader.RecordEmitter;

/**
 * Emits a message's elements, then moves the split's positions past it: a checkpoint taken
 * between two messages holds exactly the positions of what was emitted.
 */
@Internal
final class TDengineCdcEmitter<OUT> implements RecordEmitter<CdcRecords<OUT>, OUT, TDengineCdcSplitState> {
    @Override
    public void emitRecord(CdcRecords<OUT> records, SourceOutput<OUT> output, TDengineCdcSplitState split) {
        for (OUT value : records.values()) {
            output.collect(value);
        }
        split.advance(records.positions(), records.owned());
    }
}
