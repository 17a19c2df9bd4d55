package io.tdflink.source.reader;

import io.tdflink.common.jdbc.BatchResultSetMetaData;
import io.tdflink.common.jdbc.DriverValues;
import io.tdflink.jni.NativeBatchReader;
import io.tdflink.source.entity.SplitResultRecord;
import io.tdflink.source.serializable.TDengineRecordDeserialization;

import org.apache.flink.annotation.Internal;

import java.sql.ResultSetMetaData;
import java.util.ArrayList;
import java.util.List;

/** A user's {@link TDengineRecordDeserialization}: each row as a {@link SplitResultRecord}. */
@Internal
final class CustomBatchDecoder<T> implements BatchDecoder<T> {
    private final TDengineRecordDeserialization<T> deserializer;
    private final DriverValues values;

    CustomBatchDecoder(TDengineRecordDeserialization<T> deserializer, DriverValues values) {
        this.deserializer = deserializer;
        this.values = values;
    }

    @Override
    public void decode(NativeBatchReader batch, List<T> out) throws Exception {
        ResultSetMetaData metaData = new BatchResultSetMetaData(batch.schema(), values);
        int columns = batch.schema().size();
        for (int row = 0; row < batch.rowCount(); row++) {
            List<Object> record = new ArrayList<>(columns);
            for (int c = 0; c < columns; c++) {
                record.add(values.get(batch, c, row));
            }
            out.add(deserializer.convert(new SplitResultRecord(record, metaData)));
        }
    }
}
