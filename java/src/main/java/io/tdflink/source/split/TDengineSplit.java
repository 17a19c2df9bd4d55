package io.tdflink.source.split;

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.connector.source.SourceSplit;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Objects;

/**
 * One SQL task of a bounded read: one time range, one tag condition, one table or the whole
 * query. Splits are small and handed out one at a time, so a slow reader gets fewer of them and
 * a failed reader's split goes back to the queue whole.
 *
 * <p>A split is re-read from its first row after a restore: TDengine guarantees no row order
 * without ORDER BY, so an "n rows done" position could skip unread rows. The rows of a split
 * read twice are exact duplicates, which TDengine's (table, ts) key absorbs downstream.
 */
@Internal
public final class TDengineSplit implements SourceSplit, Serializable {
    private static final long serialVersionUID = 1L;

    private final String splitId;
    private final String sql;
    /** The values of the {@code ?} in {@code sql}, as a one-row native batch; empty when none. */
    private final byte[] parameters;

    public TDengineSplit(String splitId, String sql) {
        this(splitId, sql, new byte[0]);
    }

    public TDengineSplit(String splitId, String sql, byte[] parameters) {
        this.splitId = Objects.requireNonNull(splitId);
        this.sql = Objects.requireNonNull(sql);
        this.parameters = Objects.requireNonNull(parameters).clone();
    }

    @Override
    public String splitId() {
        return splitId;
    }

    public String sql() {
        return sql;
    }

    /** The parameter batch (docs/native-batch-layout.md), empty when the SQL has no {@code ?}. */
    public byte[] parameters() {
        return parameters.clone();
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof TDengineSplit)) {
            return false;
        }
        TDengineSplit other = (TDengineSplit) o;
        return splitId.equals(other.splitId) && sql.equals(other.sql) && Arrays.equals(parameters, other.parameters);
    }

    @Override
    public int hashCode() {
        return Objects.hash(splitId, sql) * 31 + Arrays.hashCode(parameters);
    }

    @Override
    public String toString() {
        // Parameters are values from the user's query: logged only by their count.
        return splitId + ": " + sql + (parameters.length == 0 ? "" : " (with parameters)");
    }
}
