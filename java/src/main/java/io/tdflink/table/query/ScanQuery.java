package io.tdflink.table.query;

import io.tdflink.common.Identifiers;

import org.apache.flink.annotation.Internal;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * The query a scan sends: the user's {@code scan.query} (wrapped as a subquery when anything is
 * pushed into it) or a table, the columns read, the pushed conditions and LIMIT. Values are
 * parameters; names go through {@link Identifiers}; the LIMIT is a number the planner gives.
 */
@Internal
public final class ScanQuery implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String userQuery;
    private final String table;
    /** Every declared column, and those read after projection push-down. */
    private final List<String> declared;
    private final List<String> columns;
    private final List<SqlCondition> conditions;
    private final long limit;

    private ScanQuery(String userQuery, String table, List<String> declared, List<String> columns, List<SqlCondition> conditions, long limit) {
        this.userQuery = userQuery;
        this.table = table;
        this.declared = new ArrayList<>(declared);
        this.columns = new ArrayList<>(columns);
        this.conditions = new ArrayList<>(conditions);
        this.limit = limit;
    }

    /** Reads {@code columns} of the user's query. */
    public static ScanQuery ofQuery(String userQuery, List<String> columns) {
        return new ScanQuery(userQuery.trim(), null, columns, columns, new ArrayList<>(), -1);
    }

    /** Reads {@code columns} of {@code table} ({@code `db`.`table`}, already quoted). */
    public static ScanQuery ofTable(String quotedTable, List<String> columns) {
        return new ScanQuery(null, quotedTable, columns, columns, new ArrayList<>(), -1);
    }

    public ScanQuery withColumns(List<String> selected) {
        return new ScanQuery(userQuery, table, declared, selected, conditions, limit);
    }

    public ScanQuery withCondition(SqlCondition condition) {
        List<SqlCondition> more = new ArrayList<>(conditions);
        more.add(condition);
        return new ScanQuery(userQuery, table, declared, columns, more, limit);
    }

    public ScanQuery withLimit(long rows) {
        return new ScanQuery(userQuery, table, declared, columns, conditions, rows);
    }

    /** The SQL, with {@code ?} for each of {@link #parameters()}. */
    public String sql() {
        if (table == null && conditions.isEmpty() && limit < 0 && columns.equals(declared)) {
            return userQuery; // nothing pushed: the user's query as written
        }
        String where = condition().sql();
        return selectClause() + (where.isEmpty() ? "" : " where " + where) + limitClause();
    }

    /** {@code select <columns> from <relation>}: the query up to its WHERE. */
    public String selectClause() {
        StringBuilder sql = new StringBuilder("select ");
        // An empty projection (COUNT(*)) still needs a column; the rows it makes have none.
        List<String> read = columns.isEmpty() ? declared.subList(0, 1) : columns;
        for (int i = 0; i < read.size(); i++) {
            sql.append(i == 0 ? "" : ", ").append(Identifiers.quote(read.get(i)));
        }
        return sql.append(" from ").append(table != null ? table : "(" + userQuery + ")").toString();
    }

    /** The pushed conditions, {@code (a) and (b)}, with their parameters; empty SQL when none. */
    public SqlCondition condition() {
        return SqlCondition.all(conditions, "and");
    }

    /** What follows the WHERE: {@code " limit n"}, or nothing. */
    public String limitClause() {
        return limit >= 0 ? " limit " + limit : "";
    }

    public List<QueryParameter> parameters() {
        return condition().parameters();
    }
}
