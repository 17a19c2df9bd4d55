package io.tdflink.jni;

import io.tdflink.common.ErrorCodes;
import io.tdflink.common.TDengineException;

import org.apache.flink.annotation.Internal;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Constants of the batch layout shared by {@link NativeBatchWriter} and {@link NativeBatchReader},
 * and the header check every layout read from native code shares (the batch and the TMQ
 * envelope, {@link NativeTmqMessage}): magic, version, flags and total length, in that order.
 */
@Internal
final class NativeBatchFormat {
    static final byte[] MAGIC = {'T', 'D', 'F', 'B'};
    static final short VERSION = 1;
    static final int HEADER_BYTES = 24;
    static final int TOTAL_LENGTH_OFFSET = 8;

    private NativeBatchFormat() {}

    static TDengineException invalid(String message) {
        return invalid("batch", message);
    }

    /** @param what the layout, as the message names it ({@code batch}, {@code TMQ message}) */
    static TDengineException invalid(String what, String message) {
        return new TDengineException(ErrorCodes.DRIVER_INVALID_VARIABLE, "invalid " + what + ": " + message);
    }

    /**
     * Reads and checks the 12 header bytes every layout starts with, leaving {@code in} after
     * them: {@code magic}, {@code version}, flags, and a total length equal to {@code length}.
     *
     * @throws TDengineException 0x2303 naming {@code what} and what is wrong
     */
    static void checkHeader(ByteBuffer in, int length, byte[] magic, short version, String what) {
        if (length < 12) {
            throw invalid(what, "only " + length + " bytes");
        }
        byte[] found = new byte[magic.length];
        in.get(found);
        if (!Arrays.equals(found, magic)) {
            throw invalid(what, "bad magic");
        }
        short foundVersion = in.getShort();
        if (foundVersion != version) {
            throw invalid(what, "unsupported layout version " + foundVersion);
        }
        in.getShort(); // flags
        int total = in.getInt();
        if (total != length) {
            throw invalid(what, "length field " + total + " but " + length + " bytes given");
        }
    }
}
