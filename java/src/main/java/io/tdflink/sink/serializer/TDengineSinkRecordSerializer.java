package io.tdflink.sink.serializer;

import io.tdflink.sink.entity.SinkMetaInfo;
import io.tdflink.sink.entity.TDengineSinkRecord;

import org.apache.flink.annotation.PublicEvolving;

import java.io.IOException;
import java.io.Serializable;
import java.sql.SQLException;
import java.util.List;

/**
 * Turns a user element into sink rows. The class is named by {@code value.deserializer} and
 * built with its public no-argument constructor.
 */
@PublicEvolving
public interface TDengineSinkRecordSerializer<T> extends Serializable {
    /** @param sinkMetaInfos the sink's fields, in field-list order */
    List<TDengineSinkRecord> serialize(T record, List<SinkMetaInfo> sinkMetaInfos) throws IOException, SQLException;
}
