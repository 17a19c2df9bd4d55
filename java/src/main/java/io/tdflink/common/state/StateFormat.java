package io.tdflink.common.state;

import org.apache.flink.annotation.Internal;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * What every state serializer of the connector (splits, enumerator states, CDC positions) shares:
 * one string encoding (length-prefixed UTF-8: no 64 KiB cap, no modified UTF-8), the refusal of
 * unknown versions and of bytes left after the state. Their formats are frozen as fixtures
 * (StateFixturesTest).
 */
@Internal
public final class StateFormat {
    private StateFormat() {}

    public static void writeString(String value, DataOutputView out) throws IOException {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    public static String readString(DataInputView in) throws IOException {
        int length = in.readInt();
        if (length < 0) {
            throw new IOException("corrupt state: a string of " + length + " bytes");
        }
        byte[] bytes = new byte[length];
        in.readFully(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** @throws IOException when {@code in} holds more than the state just read: another format, or corrupt */
    public static void expectEnd(DataInputDeserializer in, String state, int version) throws IOException {
        if (in.available() > 0) {
            throw new IOException(in.available() + " bytes left after a " + state + " of format version " + version
                    + ": corrupt, or written by another version");
        }
    }

    public static IOException unknownVersion(String state, int version) {
        return new IOException("unknown " + state + " format version " + version + " (written by a newer tdflink?)");
    }
}
