package io.tdflink.cdc.split;

import io.tdflink.common.state.StateFormat;

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
 * Split state ({@link StateFormat}): topic, group and client id, the subtask index, then
 * (vgroup, offset) pairs. {@link #V2_UTF8} writes the names as length-prefixed UTF-8, like every
 * other state; {@link #V1_MODIFIED_UTF8} (Java's {@code writeUTF}) is still read.
 */
@Internal
public final class TDengineCdcSplitSerializer implements SimpleVersionedSerializer<TDengineCdcSplit> {
    public static final TDengineCdcSplitSerializer INSTANCE = new TDengineCdcSplitSerializer();
    /** Names as {@code writeUTF} (modified UTF-8, at most 64 KiB). */
    public static final int V1_MODIFIED_UTF8 = 1;
    /** Names as length-prefixed UTF-8. */
    public static final int V2_UTF8 = 2;

    private static final int VERSION = V2_UTF8;

    @Override
    public int getVersion() {
        return VERSION;
    }

    @Override
    public byte[] serialize(TDengineCdcSplit split) throws IOException {
        DataOutputSerializer out =
                new DataOutputSerializer(64 + 12 * split.positions().size());
        write(split, out);
        return out.getCopyOfBuffer();
    }

    @Override
    public TDengineCdcSplit deserialize(int version, byte[] serialized) throws IOException {
        DataInputDeserializer in = new DataInputDeserializer(serialized);
        TDengineCdcSplit split = read(in, version);
        StateFormat.expectEnd(in, "TDengineCdcSplit", version);
        return split;
    }

    /** Writes one split in the current version; also used inside the enumerator state. */
    public static void write(TDengineCdcSplit split, DataOutputView out) throws IOException {
        StateFormat.writeString(split.topic(), out);
        StateFormat.writeString(split.groupId(), out);
        StateFormat.writeString(split.clientId(), out);
        out.writeInt(split.index());
        out.writeInt(split.positions().size());
        for (Map.Entry<Integer, Long> position : split.positions().entrySet()) {
            out.writeInt(position.getKey());
            out.writeLong(position.getValue());
        }
    }

    /** Reads one split written in {@code version}. */
    public static TDengineCdcSplit read(DataInputView in, int version) throws IOException {
        String topic;
        String groupId;
        String clientId;
        switch (version) {
            case V1_MODIFIED_UTF8:
                topic = in.readUTF();
                groupId = in.readUTF();
                clientId = in.readUTF();
                break;
            case V2_UTF8:
                topic = StateFormat.readString(in);
                groupId = StateFormat.readString(in);
                clientId = StateFormat.readString(in);
                break;
            default:
                throw StateFormat.unknownVersion("TDengineCdcSplit", version);
        }
        int index = in.readInt();
        int count = in.readInt();
        if (count < 0) {
            throw new IOException("corrupt TDengineCdcSplit: " + count + " positions");
        }
        Map<Integer, Long> positions = new TreeMap<>();
        for (int i = 0; i < count; i++) {
            positions.put(in.readInt(), in.readLong());
        }
        return new TDengineCdcSplit(topic, groupId, clientId, index, positions);
    }
}
