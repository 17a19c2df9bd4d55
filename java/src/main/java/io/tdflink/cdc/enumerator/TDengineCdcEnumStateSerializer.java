package io.tdflink.cdc.enumerator;

import io.tdflink.cdc.split.TDengineCdcSplit;
import io.tdflink.cdc.split.TDengineCdcSplitSerializer;

import org.apache.flink.annotation.Internal;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Enumerator state, version 1: the split count, then the unassigned splits. */
@Internal
public final class TDengineCdcEnumStateSerializer implements SimpleVersionedSerializer<TDengineCdcEnumState> {
    private static final int VERSION = 1;

    @Override
    public int getVersion() {
        return VERSION;
    }

    @Override
    public byte[] serialize(TDengineCdcEnumState state) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(128);
        out.writeInt(state.splitCount());
        out.writeInt(state.unassigned().size());
        for (TDengineCdcSplit split : state.unassigned()) {
            TDengineCdcSplitSerializer.write(split, out);
        }
        return out.getCopyOfBuffer();
    }

    @Override
    public TDengineCdcEnumState deserialize(int version, byte[] serialized) throws IOException {
        if (version != VERSION) {
            throw new IOException("unknown TDengineCdcEnumState serializer version " + version);
        }
        DataInputDeserializer in = new DataInputDeserializer(serialized);
        int splitCount = in.readInt();
        int count = in.readInt();
        List<TDengineCdcSplit> unassigned = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            unassigned.add(TDengineCdcSplitSerializer.read(in));
        }
        return new TDengineCdcEnumState(splitCount, unassigned);
    }
}
