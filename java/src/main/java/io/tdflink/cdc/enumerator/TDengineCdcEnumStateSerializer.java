package io.tdflink.cdc.enumerator;

import io.tdflink.cdc.split.TDengineCdcSplit;
import io.tdflink.cdc.split.TDengineCdcSplitSerializer;
import io.tdflink.common.state.StateFormat;

import org.apache.flink.annotation.Internal;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Enumerator state ({@link StateFormat}): the split count, then the unassigned splits in the
 * split format of the same version number (both versions are read).
 */
@Internal
public final class TDengineCdcEnumStateSerializer implements SimpleVersionedSerializer<TDengineCdcEnumState> {
    /** Follows the split format's version. */
    private static final int VERSION = TDengineCdcSplitSerializer.V2_UTF8;

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
        if (version != VERSION && version != TDengineCdcSplitSerializer.V1_MODIFIED_UTF8) {
            throw StateFormat.unknownVersion("TDengineCdcEnumState", version);
        }
        DataInputDeserializer in = new DataInputDeserializer(serialized);
        int splitCount = in.readInt();
        int count = in.readInt();
        List<TDengineCdcSplit> unassigned = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            unassigned.add(TDengineCdcSplitSerializer.read(in, version));
        }
        StateFormat.expectEnd(in, "TDengineCdcEnumState", version);
        return new TDengineCdcEnumState(splitCount, unassigned);
    }
}
