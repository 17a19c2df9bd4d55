package io.tdflink.source.split;

import io.tdflink.common.state.StateFormat;

import org.apache.flink.annotation.Internal;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.core.memory.DataOutputView;

import java.io.IOException;

/**
 * Split state ({@link StateFormat}). {@link #V2_PARAMETERS}: the id and the SQL, then the
 * length-prefixed parameter batch. {@link #V1_SQL}, without parameters, is still read.
 */
@Internal
public final class TDengineSplitSerializer implements SimpleVersionedSerializer<TDengineSplit> {
    public static final TDengineSplitSerializer INSTANCE = new TDengineSplitSerializer();
    /** The id and the SQL. */
    public static final int V1_SQL = 1;
    /** The id, the SQL and its bound parameters (the SQL connector's filters). */
    public static final int V2_PARAMETERS = 2;

    private static final int VERSION = V2_PARAMETERS;

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
        DataInputDeserializer in = new DataInputDeserializer(serialized);
        TDengineSplit split = read(in, version);
        StateFormat.expectEnd(in, "TDengineSplit", version);
        return split;
    }

    /** Writes one split; also used inside the enumerator state. */
    public static void write(TDengineSplit split, DataOutputView out) throws IOException {
        StateFormat.writeString(split.splitId(), out);
        StateFormat.writeString(split.sql(), out);
        byte[] parameters = split.parameters();
        out.writeInt(parameters.length);
        out.write(parameters);
    }

    /** Reads one split written by {@link #write} with serializer {@code version}. */
    public static TDengineSplit read(DataInputView in, int version) throws IOException {
        switch (version) {
            case V1_SQL:
                return new TDengineSplit(StateFormat.readString(in), StateFormat.readString(in));
            case V2_PARAMETERS:
                String id = StateFormat.readString(in);
                String sql = StateFormat.readString(in);
                int length = in.readInt();
                if (length < 0) {
                    throw new IOException("corrupt TDengineSplit: " + length + " parameter bytes");
                }
                byte[] parameters = new byte[length];
                in.readFully(parameters);
                return new TDengineSplit(id, sql, parameters);
            default:
                throw StateFormat.unknownVersion("TDengineSplit", version);
        }
    }
}
