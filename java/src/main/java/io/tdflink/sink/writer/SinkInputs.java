package io.tdflink.sink.writer;

import io.tdflink.common.ConnectionProperties;
import io.tdflink.common.TDengineConfigParams;
import io.tdflink.common.TDengineException;
import io.tdflink.common.UserClasses;
import io.tdflink.sink.entity.SinkErrorNumbers;
import io.tdflink.sink.entity.SinkMetaInfo;
import io.tdflink.sink.entity.TDengineSinkRecord;
import io.tdflink.sink.serializer.TDengineSinkRecordSerializer;
import io.tdflink.source.entity.SourceRecords;
import io.tdflink.tmq.ConsumerRecord;
import io.tdflink.tmq.ConsumerRecords;

import org.apache.flink.annotation.Internal;
import org.apache.flink.table.data.RowData;

import java.util.List;

/**
 * Chooses the sink's input form from {@code value.deserializer}, {@code td.batch.mode} and
 * {@code td.source.type}, as the official connector does: {@code RowData} elements,
 * {@code SourceRecords<RowData>} batches from a {@code TDengineSource}
 * ({@code tdengine_source}), {@code ConsumerRecords<RowData>} polls from the CDC source
 * ({@code tdengine_cdc}), or a user's {@link TDengineSinkRecordSerializer}.
 */
@Internal
public final class SinkInputs {
    public static final String SOURCE_TYPE_SOURCE = "tdengine_source";
    public static final String SOURCE_TYPE_CDC = "tdengine_cdc";

    private SinkInputs() {}

    /** @throws TDengineException 0xa013 when the form cannot be built */
    public static SinkInput<?> create(
            ConnectionProperties properties, List<SinkMetaInfo> fields, ClassLoader classLoader) {
        String deserializer = properties.get(TDengineConfigParams.VALUE_DESERIALIZER, null);
        if (deserializer == null) {
            throw invalid("value.deserializer is not set: use " + UserClasses.ROW_DATA
                    + " or the class name of a TDengineSinkRecordSerializer");
        }
        boolean batchMode = Boolean.parseBoolean(properties.get(TDengineConfigParams.TD_BATCH_MODE, "false"));
        if (!UserClasses.ROW_DATA.equalsIgnoreCase(deserializer)) {
            return serializer(
                    UserClasses.instantiate(deserializer, TDengineSinkRecordSerializer.class, classLoader), fields);
        }
        if (!batchMode) {
            return (SinkInput<RowData>) SinkBatchBuilder::add;
        }
        String sourceType = properties.get(TDengineConfigParams.TD_SOURCE_TYPE, "");
        if (SOURCE_TYPE_SOURCE.equalsIgnoreCase(sourceType)) {
            return (SinkInput<SourceRecords<RowData>>) (batch, records) -> {
                for (RowData row : records) {
                    batch.add(row);
                }
            };
        }
        if (SOURCE_TYPE_CDC.equalsIgnoreCase(sourceType)) {
            return (SinkInput<ConsumerRecords<RowData>>) (batch, records) -> {
                for (ConsumerRecord<RowData> record : records) {
                    batch.add(record.value());
                }
            };
        }
        throw invalid("td.batch.mode=true with RowData needs td.source.type=" + SOURCE_TYPE_SOURCE + " or "
                + SOURCE_TYPE_CDC + ", got '" + sourceType + "'");
    }

    private static <T> SinkInput<T> serializer(TDengineSinkRecordSerializer<T> serializer, List<SinkMetaInfo> fields) {
        return (batch, element) -> {
            for (TDengineSinkRecord record : serializer.serialize(element, fields)) {
                batch.add(record);
            }
        };
    }

    /** Whether the elements are single {@code RowData} rows (not batches, not a serializer's type). */
    public static boolean readsRowData(ConnectionProperties properties) {
        return UserClasses.ROW_DATA.equalsIgnoreCase(properties.get(TDengineConfigParams.VALUE_DESERIALIZER, ""))
                && !Boolean.parseBoolean(properties.get(TDengineConfigParams.TD_BATCH_MODE, "false"));
    }

    private static TDengineException invalid(String message) {
        return new TDengineException(SinkErrorNumbers.ERROR_INVALID_VALUE_DESERIALIZER, message);
    }
}
