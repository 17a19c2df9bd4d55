package io.tdflink.source.reader;

import io.tdflink.jni.NativeBatchReader;

import org.apache.flink.annotation.Internal;
import org.apache.flink.table.data.RowData;

import java.time.ZoneId;
import java.util.List;

/** {@code value.deserializer=RowData}: each row as a {@link RowData} (the bounded source's and each CDC block's). */
@Internal
public final class RowDataBatchDecoder implements BatchDecoder<RowData> {
    private final BatchRowDataConverter converter;

    public RowDataBatchDecoder(ZoneId wallClockZone) {
        this.converter = new BatchRowDataConverter(wallClockZone);
    }

    @Override
    public void decode(NativeBatchReader batch, List<RowData> out) {
        converter.convert(batch, out);
    }
}
