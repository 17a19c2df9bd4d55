package io.tdflink.cdc.split;

import org.apache.flink.annotation.Internal;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.core.memory.DataOutputView;

import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;

/**
 * Split state, version 1: topic, group and client id (TDengine caps these names far below
 * {@code writeUTF}'s 64 KiB), the subtask index, then (vgroup, offset) pairs.
 */
@Internal
public final class TDengineCdcSplitSerializer implements SimpleVersionedSerializer<TDengineCdcSplit> {
    public static final TDengineCdcSplitSerializer INSTANCE = new TDengineCdcSplitSerializer();
    private static final int VERSION = 1;

    @Override
    public int getVersion() {
        return VERSION;
    }

    @Override
    public byte[] serialize(TDengineCdcSplit split) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(64 + 12 * split.positions().size());
        write(split, out);
        return out.getCopyOfBuffer();
    }

    @Override
    public TDengineCdcSplit deserialize(int version, byte[] serialized) throws IOException {
        if (version != VERSION) {
            throw new IOException("unknown TDengineCdcSplit serializer version " + version);
        }
        return read(new DataInputDeserializer(serialized));
    }

    /** Writes one split; also used inside the enumerator state. */
    public static void write(TDengineCdcSplit split, DataOutputView out) throws IOException {
        out.writeUTF(split.topic());
        out.writeUTF(split.groupId());
        out.writeUTF(split.clientId());
        out.writeInt(split.index());
        out.writeInt(split.positions().size());
        for (Map.Entry<Integer, Long> position : split.positions().entrySet()) {
            out.writeInt(position.getKey());
            out.writeLong(position.getValue());
        }
    }

    public static TDengineCdcSplit read(DataInputView in) throws IOException {
        String topic = in.readUTF();
        String groupId = in.readUTF();
        String clientId = in.readUTF();
        int index = in.readInt();
        int count = in.readInt();
        Map<Integer, Long> positions = new TreeMap<>();
        for (int i = 0; i < count; i++) {
            positions.put(in.readInt(), in.readLong());
        }
        return new TDengineCdcSplit(topic, groupId, clientId, index, positions);
    }
}
