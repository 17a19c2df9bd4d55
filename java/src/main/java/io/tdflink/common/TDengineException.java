package io.tdflink.common;

import org.apache.flink.annotation.PublicEvolving;

/**
 * The error every native call reports: a TDengine-style code plus a message.
 *
 * <p>Codes are the connector's own (0xa000-0xa014), the JDBC driver's (0x23xx, same numbers
 * and meanings as taos-jdbcdriver) or TDengine server codes passed through unchanged (for
 * example 0x2603 "Table does not exist"). A Rust panic arrives as 0x2350 (unknown error).
 */
@PublicEvolving
public class TDengineException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int errorCode;

    public TDengineException(int errorCode, String message) {
        super(format(errorCode, message));
        this.errorCode = errorCode;
    }

    public TDengineException(int errorCode, String message, Throwable cause) {
        super(format(errorCode, message), cause);
        this.errorCode = errorCode;
    }

    /** The TDengine-style error code, as {@code java.sql.SQLException#getErrorCode} reports it. */
    public int getErrorCode() {
        return errorCode;
    }

    private static String format(int code, String message) {
        return String.format("TDengine ERROR (0x%04x): %s", code, message);
    }
}
