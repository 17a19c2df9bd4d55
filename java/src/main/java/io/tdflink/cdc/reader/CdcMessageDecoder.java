package io.tdflink.cdc.reader;

import io.tdflink.jni.NativeTmqMessage;

import org.apache.flink.annotation.Internal;

import java.util.List;

/** Turns one polled message into the source's elements, on the fetcher thread. */
@Internal
public interface CdcMessageDecoder<OUT> {
    /** Appends the elements of {@code message} to {@code out}; the message is valid only during the call. */
    void decode(NativeTmqMessage message, List<OUT> out) throws Exception;
}
