package io.tdflink.cdc.reader;

import org.apache.flink.annotation.Internal;

import java.io.Serializable;

/** Makes each reader's {@link CdcMessageDecoder}: shipped with the source, called in the TaskManager. */
@Internal
@FunctionalInterface
public interface CdcMessageDecoderFactory<OUT> extends Serializable {
    CdcMessageDecoder<OUT> create(ClassLoader userClassLoader);
}
