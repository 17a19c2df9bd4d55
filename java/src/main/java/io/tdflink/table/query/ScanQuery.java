package io.tdflink.table.query;

import io.tdflink.common.Identifiers;

import org.apache.flink.annotation.Internal;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The query a scan sends: the user's {@code scan.query} (wrapped as a subquery when anything is
 * pushed into it) or a table, the fields read, the pushed conditions and LIMIT. Fields are
 * declared names, written as the columns behind them when the scan starts
 * ({@link ScanColumns#quoted}); values are parameters; the LIMIT is a number the planner gives.
 */
@Internal
public final class ScanQuery implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String userQuery;
    private final String table;
    /** Every declared field, and those read after projection push-down. */
    private final List<String> declared;

    private final List<String> columns;
    private final List<PushedFilter> conditions;
    private final long limit;

    private ScanQuery(
            String userQuery,
            String table,
            List<String> declared,
            List<String> columns,
            List<PushedFilter> conditions,
            long limit) {
        this.userQuery = userQuery;
        this.table = table;
        this.declared = new ArrayList<>(declared);
        this.columns = new ArrayList<>(columns);
        this.conditions = new ArrayList<>(conditions);
        this.limit = limit;
    }

    /** Reads {@code fields} of the user's query. */
    public static ScanQuery ofQuery(String userQuery, List<String> fields) {
        return new ScanQuery(userQuery.trim(), null, fields, fields, new ArrayList<>(), -1);
    }

    /** Reads {@code fields} of {@code table} ({@code `db`.`table`}, already quoted). */
    public static ScanQuery ofTable(String quotedTable, List<String> fields) {
        return new ScanQuery(null, quotedTable, fields, fields, new ArrayList<>(), -1);
    }

    public ScanQuery withColumns(List<String> selected) {
        return new ScanQuery(userQuery, table, declared, selected, conditions, limit);
    }

    public ScanQuery withCondition(PushedFilter condition) {
        List<PushedFilter> more = new ArrayList<>(conditions);
        more.add(condition);
        return new ScanQuery(userQuery, table, declared, columns, more, limit);
    }

    public ScanQuery withLimit(long rows) {
        return new ScanQuery(userQuery, table, declared, columns, conditions, rows);
    }

    /** The SQL, with {@code ?} for each of {@link #parameters}; {@code quoted} writes a field's column. */
    public String sql(UnaryOperator<String> quoted) {
        if (table == null && conditions.isEmpty() && limit < 0 && columns.equals(declared)) {
            return userQuery; // nothing pushed: the user's query as written
        }
        String where = whereClause(quoted);
        return selectClause(quoted) + (where.isEmpty() ? "" : " where " + where) + limitClause();
    }

    /** {@code select <columns> from <relation>}: the query up to its WHERE. */
    public String selectClause(UnaryOperator<String> quoted) {
        StringBuilder sql = new StringBuilder("select ");
        // An empty projection (COUNT(*)) still needs a column; the rows it makes have none.
        List<String> read = columns.isEmpty() ? declared.subList(0, 1) : columns;
        for (int i = 0; i < read.size(); i++) {
            sql.append(i == 0 ? "" : ", ").append(quoted.apply(read.get(i)));
        }
        return sql.append(" from ")
                .append(table != null ? table : "(" + userQuery + ")")
                .toString();
    }

    /** The pushed conditions, {@code (a) and (b)}; empty when none. */
    public String whereClause(UnaryOperator<String> quoted) {
        return PushedFilter.all(conditions, "and").sql(quoted);
    }

    /** What follows the WHERE: {@code " limit n"}, or nothing. */
    public String limitClause() {
        return limit >= 0 ? " limit " + limit : "";
    }

    /** The values bound to the pushed conditions' {@code ?}, in order. */
    public List<QueryParameter> parameters(ScanColumns columns) {
        List<QueryParameter> out = new ArrayList<>();
        conditions.forEach(c -> c.bindTo(columns, out));
        return out;
    }

    /** The SQL in declared names, for plans and logs (values are never shown). */
    @Override
    public String toString() {
        return sql(Identifiers::quote);
    }
}
