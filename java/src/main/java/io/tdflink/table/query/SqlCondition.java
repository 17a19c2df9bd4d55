package io.tdflink.table.query;

import org.apache.flink.annotation.Internal;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** A WHERE condition: SQL with {@code ?} placeholders and the values bound to them, in order. */
@Internal
public final class SqlCondition implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String sql;
    private final List<QueryParameter> parameters;

    public SqlCondition(String sql, List<QueryParameter> parameters) {
        this.sql = sql;
        this.parameters = Collections.unmodifiableList(new ArrayList<>(parameters));
    }

    public String sql() {
        return sql;
    }

    public List<QueryParameter> parameters() {
        return parameters;
    }

    /** {@code (a) AND (b) ...}, parameters in the same order. */
    public static SqlCondition all(List<SqlCondition> conditions, String operator) {
        StringBuilder sql = new StringBuilder();
        List<QueryParameter> parameters = new ArrayList<>();
        for (SqlCondition c : conditions) {
            sql.append(sql.length() == 0 ? "" : " " + operator + " ").append('(').append(c.sql).append(')');
            parameters.addAll(c.parameters);
        }
        return new SqlCondition(sql.toString(), parameters);
    }

    @Override
    public String toString() {
        return sql;
    }
}
