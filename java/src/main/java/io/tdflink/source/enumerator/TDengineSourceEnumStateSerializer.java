package io.tdflink.source.enumerator;

import io.tdflink.common.state.StateFormat;
import io.tdflink.source.split.TDengineSplit;
import io.tdflink.source.split.TDengineSplitSerializer;

import org.apache.flink.annotation.Internal;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Enumerator state ({@link StateFormat}): the planned flag, then the unassigned splits in order,
 * each in the split format of the same version number (version 1 splits have no parameters;
 * both are read).
 */
@Internal
public final class TDengineSourceEnumStateSerializer implements SimpleVersionedSerializer<TDengineSourceEnumState> {
    /** Follows the split format's version: {@code TDengineSplitSerializer.V2_PARAMETERS}. */
    private static final int VERSION = 2;

    @Override
    public int getVersion() {
        return VERSION;
    }

    @Override
    public byte[] serialize(TDengineSourceEnumState state) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(256);
        out.writeBoolean(state.isPlanned());
        out.writeInt(state.unassigned().size());
        for (TDengineSplit split : state.unassigned()) {
            TDengineSplitSerializer.write(split, out);
        }
        return out.getCopyOfBuffer();
    }

    @Override
    public TDengineSourceEnumState deserialize(int version, byte[] serialized) throws IOException {
        if (version != VERSION && version != TDengineSplitSerializer.V1_SQL) {
            throw StateFormat.unknownVersion("TDengineSourceEnumState", version);
        }
        DataInputDeserializer in = new DataInputDeserializer(serialized);
        boolean planned = in.readBoolean();
        int count = in.readInt();
        List<TDengineSplit> splits = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            splits.add(TDengineSplitSerializer.read(in, version));
        }
        StateFormat.expectEnd(in, "TDengineSourceEnumState", version);
        return new TDengineSourceEnumState(planned, splits);
    }
}
