package io.tdflink.common.typeutils;

import io.tdflink.common.data.TDengineRowData;

import org.apache.flink.annotation.Internal;
import org.apache.flink.core.memory.DataInputViewStreamWrapper;
import org.apache.flink.core.memory.DataOutputViewStreamWrapper;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;

import java.io.IOException;

/**
 * Kryo's serializer for {@link TDengineRowData}, which Flink's generic types (the batch forms'
 * {@code SourceRecords} and {@code ConsumerRecords}) hold: a row's values as
 * {@link GenericRowDataSerializer} writes them, not its fields, since a row read from a batch
 * holds the batch's columns and readers, which Kryo cannot and should not write. Compiled
 * against Kryo 2; Kryo 5 (Flink 2) calls the same erased methods.
 */
@Internal
public final class TDengineRowDataKryoSerializer extends Serializer<TDengineRowData> {
    @Override
    public void write(Kryo kryo, Output output, TDengineRowData row) {
        try {
            GenericRowDataSerializer.INSTANCE.serialize(row, new DataOutputViewStreamWrapper(output));
        } catch (IOException e) {
            throw new KryoException(e);
        }
    }

    @Override
    public TDengineRowData read(Kryo kryo, Input input, Class<TDengineRowData> type) {
        try {
            return (TDengineRowData)
                    GenericRowDataSerializer.INSTANCE.deserialize(new DataInputViewStreamWrapper(input));
        } catch (IOException e) {
            throw new KryoException(e);
        }
    }

    @Override
    public TDengineRowData copy(Kryo kryo, TDengineRowData original) {
        return original.copy();
    }
}
