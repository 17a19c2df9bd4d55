package io.tdflink.source.entity;

import org.apache.flink.annotation.PublicEvolving;

/**
 * Source error codes, as the official connector declares them. Unlike there, tdflink throws
 * them (in a {@link io.tdflink.common.TDengineException}).
 */
@PublicEvolving
public final class SourceErrorNumbers {
    /** A bad URL or connection property. */
    public static final int ERROR_SERVER_ADDRESS = 0xa000;
    /** CDC: the group id is missing or invalid. */
    public static final int ERROR_TMQ_GROUP_ID_CONFIGURATION = 0xa001;
    /** CDC: the topic is missing or invalid. */
    public static final int ERROR_TMQ_TOPIC = 0xa002;
    /** No {@code value.deserializer} was given. */
    public static final int ERROR_CONVERT_NOT_PROVIDED = 0xa003;
    /** The {@code value.deserializer} class cannot be loaded or is of the wrong kind. */
    public static final int ERROR_INVALID_VALUE_DESERIALIZER = 0xa013;

    private SourceErrorNumbers() {}
}
