package io.tdflink.source.reader;

import io.tdflink.jni.NativeBatchReader;

import org.apache.flink.annotation.Internal;

import java.util.List;

/**
 * Turns one native batch into the source's output elements. Runs on the fetcher thread, so
 * the task thread only emits ready objects.
 */
@Internal
public interface BatchDecoder<OUT> {
    /** Appends the elements of {@code batch} to {@code out}; the batch is valid only during the call. */
    void decode(NativeBatchReader batch, List<OUT> out) throws Exception;
}
