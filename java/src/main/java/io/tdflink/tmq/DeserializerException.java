package io.tdflink.tmq;

import org.apache.flink.annotation.PublicEvolving;

/** A row that a {@link Deserializer} cannot turn into a value. As the JDBC driver's class. */
@PublicEvolving
public class DeserializerException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public DeserializerException(String message, Exception cause) {
        super(message, cause);
    }
}
