package io.tdflink.jni;

import io.tdflink.common.ErrorCodes;
import io.tdflink.common.TDengineException;

import org.apache.flink.annotation.Internal;

/** Constants of the batch layout shared by {@link NativeBatchWriter} and {@link NativeBatchReader}. */
@Internal
final class NativeBatchFormat {
    static final byte[] MAGIC = {'T', 'D', 'F', 'B'};
    static final short VERSION = 1;
    static final int HEADER_BYTES = 24;
    static final int TOTAL_LENGTH_OFFSET = 8;

    private NativeBatchFormat() {}

    static TDengineException invalid(String message) {
        return new TDengineException(ErrorCodes.DRIVER_INVALID_VARIABLE, "invalid batch: " + message);
    }
}
