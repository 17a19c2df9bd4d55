package io.tdflink.common.data;

import io.tdflink.common.types.ColumnReader;
import io.tdflink.jni.NativeBatchReader;

import org.apache.flink.annotation.Internal;

/**
 * The columns of one native batch that {@link TDengineRowData} views read: a heap copy of the
 * batch, made once here, so the rows stay valid when the batch's buffer is reused, and a
 * reader per column chosen once per batch schema. Never changed after construction.
 */
@Internal
public final class BatchColumns {
    final NativeBatchReader batch;
    final ColumnReader[] readers;

    /** @param readers per column of {@code batch}, reading it as the rows' values */
    public BatchColumns(NativeBatchReader batch, ColumnReader[] readers) {
        this.batch = batch.heapCopy();
        this.readers = readers;
    }

    /** The value of a cell as a materialized row holds it (null for NULL). */
    Object field(int column, int row) {
        return batch.isNull(column, row) ? null : readers[column].read(batch, column, row);
    }
}
