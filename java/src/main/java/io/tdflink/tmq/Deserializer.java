package io.tdflink.tmq;

import org.apache.flink.annotation.PublicEvolving;

import java.io.Closeable;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;

/**
 * Turns the current row of a TMQ result set into a value. As the JDBC driver's interface, so a
 * deserializer written for it ports by changing its import.
 */
@PublicEvolving
public interface Deserializer<V> extends Closeable {
    /** Called once before the first row with the consumer's properties. */
    default void configure(Map<?, ?> configs) {}

    /**
     * The value of the row {@code data} is positioned on; it must not move the cursor.
     *
     * @param topic the topic the row was polled from
     * @param dbName the database the topic reads
     */
    V deserialize(ResultSet data, String topic, String dbName) throws DeserializerException, SQLException;

    @Override
    default void close() {}
}
