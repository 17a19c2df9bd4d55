package io.tdflink.source.split;

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.connector.source.SourceSplit;

import java.io.Serializable;
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

    public TDengineSplit(String splitId, String sql) {
        this.splitId = Objects.requireNonNull(splitId);
        this.sql = Objects.requireNonNull(sql);
    }

    @Override
    public String splitId() {
        return splitId;
    }

    public String sql() {
        return sql;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof TDengineSplit)) {
            return false;
        }
        TDengineSplit other = (TDengineSplit) o;
        return splitId.equals(other.splitId) && sql.equals(other.sql);
    }

    @Override
    public int hashCode() {
        return Objects.hash(splitId, sql);
    }

    @Override
    public String toString() {
        return splitId + ": " + sql;
    }
}
