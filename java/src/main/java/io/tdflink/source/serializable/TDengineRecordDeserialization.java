package io.tdflink.source.serializable;

import io.tdflink.source.entity.SplitResultRecord;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;

import java.io.Serializable;
import java.sql.SQLException;

/**
 * Converts one row of a {@code TDengineSource} into a user type. The class is named by
 * {@code value.deserializer} and built with its public no-argument constructor, once per reader.
 */
@PublicEvolving
public interface TDengineRecordDeserialization<T> extends Serializable, ResultTypeQueryable<T> {
    T convert(SplitResultRecord record) throws SQLException;
}
