package io.tdflink.sink.writer;

import org.apache.flink.annotation.Internal;

import java.io.IOException;
import java.io.Serializable;
import java.sql.SQLException;

/** How one input element of the sink becomes rows of a write batch. */
@Internal
public interface SinkInput<IN> extends Serializable {
    void addTo(SinkBatchBuilder batch, IN element) throws IOException, SQLException;
}
