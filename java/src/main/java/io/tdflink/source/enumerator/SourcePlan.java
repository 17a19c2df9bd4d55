package io.tdflink.source.enumerator;

import io.tdflink.common.ConnectionProperties;
import io.tdflink.source.split.TDengineSplit;

import org.apache.flink.annotation.Internal;

import java.io.Serializable;
import java.util.List;

/** What a bounded source reads, as splits planned against the server when the job starts. */
@Internal
@FunctionalInterface
public interface SourcePlan extends Serializable {
    /** The splits in the order they should be read; runs once, off the coordinator thread. */
    List<TDengineSplit> plan(ConnectionProperties connection);
}
