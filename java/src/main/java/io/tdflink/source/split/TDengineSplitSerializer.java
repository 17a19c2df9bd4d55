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
 * Split state. Version 2: the id and the SQL as length-prefixed UTF-8 (no 64 KiB cap, which the
 * official connector's {@code writeUTF} had), then the length-prefixed parameter batch.
 * Version 1, without parameters, is still read.
 */
@Internal
public final class TDengineSplitSerializer implements SimpleVersionedSerializer<TDengineSplit> {
    public static final TDengineSplitSerializer INSTANCE = new TDengineSplitSerializer();
    private static final int VERSION = 2;
    private static final int VERSION_WITHOUT_PARAMETERS = 1;

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
        return read(new DataInputDeserializer(serialized), version);
    }

    /** Writes one split; also used inside the enumerator state. */
    public static void write(TDengineSplit split, DataOutputView out) throws IOException {
        writeString(split.splitId(), out);
        writeString(split.sql(), out);
        byte[] parameters = split.parameters();
        out.writeInt(parameters.length);
        out.write(parameters);
    }

    /** Reads one split written by {@link #write} with serializer {@code version}. */
    public static TDengineSplit read(DataInputView in, int version) throws IOException {
        if (version != VERSION && version != VERSION_WITHOUT_PARAMETERS) {
            throw new IOException("unknown TDengineSplit serializer version " + version);
        }
        String id = readString(in);
        String sql = readString(in);
        if (version == VERSION_WITHOUT_PARAMETERS) {
            return new TDengineSplit(id, sql);
        }
        byte[] parameters = new byte[in.readInt()];
        in.readFully(parameters);
        return new TDengineSplit(id, sql, parameters);
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
