package io.tdflink.table.query;

import io.tdflink.common.ErrorCodes;
import io.tdflink.common.TDengineException;

import org.apache.flink.annotation.Internal;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * A WHERE condition pushed into a scan, in declared field names: {@code field op ?},
 * {@code field IS [NOT] NULL}, a lookup key ({@code field = ?}, bound per lookup) or an AND/OR
 * of conditions. It is written as SQL and its values bound when the scan starts and the
 * columns behind the fields are known ({@link ScanColumns}); a value never becomes SQL text.
 */
@Internal
public final class PushedFilter implements Serializable {
    private static final long serialVersionUID = 1L;

    /** A leaf's field, or null for AND/OR. */
    private final String field;
    /** A comparison's operator, {@code is null}, {@code is not null}, or {@code and}/{@code or}. */
    private final String operator;
    /** A comparison's value (a Java value {@link ColumnBinding#bind} takes); null for the rest. */
    private final Object value;

    private final List<PushedFilter> parts;

    private PushedFilter(String field, String operator, Object value, List<PushedFilter> parts) {
        this.field = field;
        this.operator = operator;
        this.value = value;
        this.parts = parts;
    }

    /** {@code field operator ?}, {@code value} bound. */
    public static PushedFilter comparison(String field, String operator, Object value) {
        return new PushedFilter(field, operator, Objects.requireNonNull(value), Collections.emptyList());
    }

    public static PushedFilter isNull(String field, boolean isNull) {
        return new PushedFilter(field, isNull ? "is null" : "is not null", null, Collections.emptyList());
    }

    /** {@code field = ?}, its value bound per lookup after the other parameters. */
    public static PushedFilter lookupKey(String field) {
        return new PushedFilter(field, "=", null, Collections.emptyList());
    }

    /** {@code (a) junction (b) ...}, with {@code junction} {@code and} or {@code or}. */
    public static PushedFilter all(List<PushedFilter> parts, String junction) {
        return new PushedFilter(null, junction, null, Collections.unmodifiableList(new ArrayList<>(parts)));
    }

    /** The SQL, with {@code ?} for each value; {@code quoted} writes a field's column. */
    public String sql(UnaryOperator<String> quoted) {
        if (field != null) {
            return quoted.apply(field) + " " + operator + (operator.startsWith("is ") ? "" : " ?");
        }
        StringBuilder sql = new StringBuilder();
        for (PushedFilter part : parts) {
            sql.append(sql.length() == 0 ? "" : " " + operator + " ")
                    .append('(')
                    .append(part.sql(quoted))
                    .append(')');
        }
        return sql.toString();
    }

    /**
     * Appends the values bound to the SQL's {@code ?}, in order (lookup keys excepted).
     *
     * @throws TDengineException 0xa014 when a value has no parameter in its column's kind
     */
    public void bindTo(ScanColumns columns, List<QueryParameter> out) {
        if (field == null) {
            parts.forEach(p -> p.bindTo(columns, out));
        } else if (value != null) {
            // Planning took only values that bind exactly in every precision (ColumnBinding#declared).
            out.add(
                    columns.binding(field)
                            .bind(value, columns.wallClockZone())
                            .orElseThrow(
                                    () -> new TDengineException(
                                            ErrorCodes.CONNECTOR_INVALID_SINK_FIELD_NAME,
                                            "a value compared with column " + field
                                                    + " does not fit its TDengine type: set 'scan.filter.push-down.enabled' = 'false'")));
        }
    }

    @Override
    public String toString() {
        return sql(UnaryOperator.identity());
    }
}
