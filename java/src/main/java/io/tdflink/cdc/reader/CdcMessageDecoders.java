package io.tdflink.cdc.reader;

import io.tdflink.cdc.CdcProperties;
import io.tdflink.common.OutputForm;
import io.tdflink.common.TDengineException;
import io.tdflink.common.jdbc.BatchResultSet;
import io.tdflink.common.typeutils.GenericRowDataTypeInfo;
import io.tdflink.jni.NativeBatchReader;
import io.tdflink.jni.NativeTmqMessage;
import io.tdflink.source.reader.RowDataBatchDecoder;
import io.tdflink.tmq.ConsumerRecord;
import io.tdflink.tmq.ConsumerRecords;
import io.tdflink.tmq.Deserializer;
import io.tdflink.tmq.TopicPartition;

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.table.data.RowData;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The CDC source's decoders, for the output form its properties choose ({@link OutputForm}): each
 * row as {@code RowData}, each row through a user's {@link Deserializer} (e.g. a {@link
 * io.tdflink.tmq.ReferenceDeserializer} bean), or, with {@code td.batch.mode=true}, each poll as
 * one {@link ConsumerRecords} of either.
 */
@Internal
public final class CdcMessageDecoders {
    private CdcMessageDecoders() {}

    /** @throws TDengineException 0xa013 when the deserializer cannot be loaded or built */
    public static CdcMessageDecoder<?> create(CdcProperties properties, ClassLoader classLoader) {
        OutputForm form = properties.outputForm();
        BlockDecoder<?> rows;
        if (form.isRowData()) {
            RowDataBatchDecoder decoder = new RowDataBatchDecoder(form.zone());
            rows = (BlockDecoder<RowData>) (block, message, out) -> decoder.decode(block, out);
        } else {
            Deserializer<?> deserializer = form.newDeserializer(Deserializer.class, classLoader);
            deserializer.configure(properties.all());
            rows = (block, message, out) -> {
                BatchResultSet resultSet = new BatchResultSet(block, form.zone(), form.varcharAsString());
                while (resultSet.next()) {
                    out.add(deserializer.deserialize(resultSet, message.topic(), message.database()));
                }
            };
        }
        return form.isBatchMode() ? batches(rows) : rowsOf(rows);
    }

    /** A custom deserializer's declared type, or {@code null} for {@code RowData} or a deserializer declaring none. */
    public static TypeInformation<?> rowType(CdcProperties properties, ClassLoader classLoader) {
        OutputForm form = properties.outputForm();
        if (form.isRowData()) {
            return GenericRowDataTypeInfo.INSTANCE;
        }
        Deserializer<?> deserializer = form.newDeserializer(Deserializer.class, classLoader);
        return deserializer instanceof ResultTypeQueryable
                ? ((ResultTypeQueryable<?>) deserializer).getProducedType()
                : null;
    }

    /** The rows of one block, in order. */
    private interface BlockDecoder<V> {
        void decode(NativeBatchReader block, NativeTmqMessage message, List<V> out) throws Exception;
    }

    private static <V> CdcMessageDecoder<V> rowsOf(BlockDecoder<V> rows) {
        return (message, out) -> {
            for (int b = 0; b < message.blockCount(); b++) {
                rows.decode(message.block(b), message, out);
            }
        };
    }

    /** One {@link ConsumerRecords} per message; empty messages give none, as in the official connector. */
    private static <V> CdcMessageDecoder<ConsumerRecords<V>> batches(BlockDecoder<V> rows) {
        CdcMessageDecoder<V> values = rowsOf(rows);
        return (message, out) -> {
            List<V> decoded = new ArrayList<>();
            values.decode(message, decoded);
            if (decoded.isEmpty()) {
                return;
            }
            List<ConsumerRecord<V>> records = new ArrayList<>(decoded.size());
            for (V value : decoded) {
                records.add(new ConsumerRecord<>(
                        message.topic(), message.database(), message.vgroupId(), message.offset(), value));
            }
            // A message is one vgroup's: one partition. The map stays mutable, as the driver's.
            Map<TopicPartition, List<ConsumerRecord<V>>> byPartition = new LinkedHashMap<>();
            byPartition.put(new TopicPartition(message.topic(), message.vgroupId()), records);
            out.add(new ConsumerRecords<>(byPartition));
        };
    }
}
