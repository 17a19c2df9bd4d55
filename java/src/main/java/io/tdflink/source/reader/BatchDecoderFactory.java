package io.tdflink.source.reader;

import org.apache.flink.annotation.Internal;

import java.io.Serializable;

/** Makes each reader's {@link BatchDecoder}: shipped with the source, called in the TaskManager. */
@Internal
@FunctionalInterface
public interface BatchDecoderFactory<OUT> extends Serializable {
    BatchDecoder<OUT> create(ClassLoader userClassLoader);
}
