package io.tdflink.source.reader;

import io.tdflink.jni.NativeBatchReader;
import io.tdflink.source.entity.SourceRecords;

import org.apache.flink.annotation.Internal;

import java.util.ArrayList;
import java.util.List;

/**
 * Batch mode ({@code td.batch.mode=true}): the rows of a native batch as
 * {@link SourceRecords} of at most {@code batch.size} rows each.
 */
@Internal
final class SourceRecordsBatchDecoder<V> implements BatchDecoder<SourceRecords<V>> {
    private final BatchDecoder<V> rows;
    private final int batchSize;

    SourceRecordsBatchDecoder(BatchDecoder<V> rows, int batchSize) {
        this.rows = rows;
        this.batchSize = batchSize;
    }

    @Override
    public void decode(NativeBatchReader batch, List<SourceRecords<V>> out) throws Exception {
        List<V> all = new ArrayList<>(batch.rowCount());
        rows.decode(batch, all);
        for (int from = 0; from < all.size(); from += batchSize) {
            out.add(new SourceRecords<>(new ArrayList<>(all.subList(from, Math.min(all.size(), from + batchSize)))));
        }
    }
}
