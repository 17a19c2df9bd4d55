package io.tdflink.source.split;

import org.apache.flink.annotation.Internal;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Split state, version 1: the id and the SQL as length-prefixed UTF-8, so a task's SQL has no
 * 64 KiB cap (the official connector's {@code writeUTF} had one).
 */
@Internal
public final class TDengineSplitSerializer implements SimpleVersionedSerializer<TDengineSplit> {
    public static final TDengineSplitSerializer INSTANCE = new TDengineSplitSerializer();
    private static final int VERSION = 1;

    @Override
    public int getVersion() {
        return VERSION;
    }

    @Override
    public byte[] serialize(TDengineSplit split) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(64 + split.sql().length());
        write(split, out);
        return out.getCopyOfBuffer();
    }

    @Override
    public TDengineSplit deserialize(int version, byte[] serialized) throws IOException {
        if (version != VERSION) {
            throw new IOException("unknown TDengineSplit serializer version " + version);
        }
        return read(new DataInputDeserializer(serialized));
    }

    /** Writes one split; also used inside the enumerator state. */
    public static void write(TDengineSplit split, DataOutputView out) throws IOException {
        writeString(split.splitId(), out);
        writeString(split.sql(), out);
    }

    public static TDengineSplit read(DataInputView in) throws IOException {
        return new TDengineSplit(readString(in), readString(in));
    }

    private static void writeString(String s, DataOutputView out) throws IOException {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    private static String readString(DataInputView in) throws IOException {
        byte[] bytes = new byte[in.readInt()];
        in.readFully(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
