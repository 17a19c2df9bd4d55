package io.tdflink.table.query;

import io.tdflink.common.Identifiers;
import io.tdflink.common.TDengineDataType;
import io.tdflink.common.types.TimestampTicks;
import io.tdflink.jni.NativeColumn;

import org.apache.flink.annotation.Internal;
import org.apache.flink.table.expressions.CallExpression;
import org.apache.flink.table.expressions.FieldReferenceExpression;
import org.apache.flink.table.expressions.ResolvedExpression;
import org.apache.flink.table.expressions.ValueLiteralExpression;
import org.apache.flink.table.functions.BuiltInFunctionDefinitions;
import org.apache.flink.table.functions.FunctionDefinition;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns the filters Flink offers a scan into TDengine WHERE conditions whose values are bound
 * parameters. Only what TDengine evaluates exactly as Flink does is translated: comparisons of
 * a column with a literal (integers, exactly representable FLOAT values, DOUBLE, timestamps,
 * booleans; text only by {@code =}, {@code <>} and {@code LIKE}), {@code IS [NOT] NULL}, and
 * {@code AND}/{@code OR} of those (Flink's {@code IN} and {@code BETWEEN} arrive as these).
 * Anything else stays with Flink.
 */
@Internal
public final class FilterTranslator {
    private static final Map<FunctionDefinition, String> COMPARISONS = new HashMap<>();
    private static final Map<String, String> FLIPPED = new HashMap<>();

    static {
        COMPARISONS.put(BuiltInFunctionDefinitions.EQUALS, "=");
        COMPARISONS.put(BuiltInFunctionDefinitions.NOT_EQUALS, "<>");
        COMPARISONS.put(BuiltInFunctionDefinitions.GREATER_THAN, ">");
        COMPARISONS.put(BuiltInFunctionDefinitions.GREATER_THAN_OR_EQUAL, ">=");
        COMPARISONS.put(BuiltInFunctionDefinitions.LESS_THAN, "<");
        COMPARISONS.put(BuiltInFunctionDefinitions.LESS_THAN_OR_EQUAL, "<=");
        FLIPPED.put("=", "=");
        FLIPPED.put("<>", "<>");
        FLIPPED.put(">", "<");
        FLIPPED.put(">=", "<=");
        FLIPPED.put("<", ">");
        FLIPPED.put("<=", ">=");
    }

    private final Map<String, NativeColumn> columns;
    private final ZoneId wallClockZone;

    /**
     * @param columns the TDengine column behind each declared field name
     * @param wallClockZone the zone of TIMESTAMP (without time zone) values
     */
    public FilterTranslator(Map<String, NativeColumn> columns, ZoneId wallClockZone) {
        this.columns = columns;
        this.wallClockZone = wallClockZone;
    }

    public Optional<SqlCondition> translate(ResolvedExpression expression) {
        if (!(expression instanceof CallExpression)) {
            return Optional.empty();
        }
        CallExpression call = (CallExpression) expression;
        FunctionDefinition function = call.getFunctionDefinition();
        List<ResolvedExpression> args = call.getResolvedChildren();
        if (function == BuiltInFunctionDefinitions.AND || function == BuiltInFunctionDefinitions.OR) {
            List<SqlCondition> parts = new ArrayList<>();
            for (ResolvedExpression arg : args) {
                Optional<SqlCondition> part = translate(arg);
                if (!part.isPresent()) {
                    return Optional.empty();
                }
                parts.add(part.get());
            }
            return Optional.of(SqlCondition.all(parts, function == BuiltInFunctionDefinitions.AND ? "and" : "or"));
        }
        if ((function == BuiltInFunctionDefinitions.IS_NULL || function == BuiltInFunctionDefinitions.IS_NOT_NULL) && args.size() == 1) {
            return column(args.get(0)).map(name -> new SqlCondition(Identifiers.quote(name)
                    + (function == BuiltInFunctionDefinitions.IS_NULL ? " is null" : " is not null"), Collections.emptyList()));
        }
        if (function == BuiltInFunctionDefinitions.LIKE && args.size() == 2) {
            return comparison("like", args.get(0), args.get(1));
        }
        String operator = COMPARISONS.get(function);
        if (operator == null || args.size() != 2) {
            return Optional.empty();
        }
        Optional<SqlCondition> direct = comparison(operator, args.get(0), args.get(1));
        return direct.isPresent() ? direct : comparison(FLIPPED.get(operator), args.get(1), args.get(0));
    }

    /** {@code field operator literal}, when the pair can be bound exactly. */
    private Optional<SqlCondition> comparison(String operator, ResolvedExpression left, ResolvedExpression right) {
        Optional<String> name = column(left);
        if (!name.isPresent() || !(right instanceof ValueLiteralExpression)) {
            return Optional.empty();
        }
        ValueLiteralExpression literal = (ValueLiteralExpression) right;
        Object value = literal.getValueAs(literal.getOutputDataType().getConversionClass()).orElse(null);
        if (value == null) {
            return Optional.empty();
        }
        NativeColumn column = columns.get(name.get());
        boolean equality = operator.equals("=") || operator.equals("<>");
        Optional<QueryParameter> parameter;
        switch (column.type()) {
            case TINYINT:
            case SMALLINT:
            case INT:
            case BIGINT:
            case TINYINT_UNSIGNED:
            case SMALLINT_UNSIGNED:
            case INT_UNSIGNED:
                parameter = operator.equals("like") ? Optional.empty() : exactLong(value).map(QueryParameter::bigint);
                break;
            case FLOAT:
            case DOUBLE:
                parameter = operator.equals("like") ? Optional.empty() : floating(value, column.type()).map(QueryParameter::dbl);
                break;
            case BOOL:
                parameter = equality && value instanceof Boolean ? Optional.of(QueryParameter.bool((Boolean) value)) : Optional.empty();
                break;
            case TIMESTAMP:
                parameter = operator.equals("like") ? Optional.empty() : ticks(value, column.precision()).map(t -> QueryParameter.timestamp(t, column.precision()));
                break;
            case VARCHAR:
            case NCHAR:
                boolean text = equality || operator.equals("like");
                parameter = text && value instanceof String ? Optional.of(QueryParameter.text((String) value, column.type() == TDengineDataType.NCHAR)) : Optional.empty();
                break;
            default:
                parameter = Optional.empty();
        }
        return parameter.map(p -> new SqlCondition(Identifiers.quote(name.get()) + " " + operator + " ?", Collections.singletonList(p)));
    }

    private Optional<String> column(ResolvedExpression expression) {
        if (!(expression instanceof FieldReferenceExpression)) {
            return Optional.empty();
        }
        String name = ((FieldReferenceExpression) expression).getName();
        return columns.containsKey(name) ? Optional.of(name) : Optional.empty();
    }

    private static Optional<Long> exactLong(Object value) {
        if (value instanceof Byte || value instanceof Short || value instanceof Integer || value instanceof Long) {
            return Optional.of(((Number) value).longValue());
        }
        if (value instanceof BigDecimal) {
            try {
                return Optional.of(((BigDecimal) value).longValueExact());
            } catch (ArithmeticException e) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    /** A DOUBLE parameter; for a FLOAT column only a value a float holds exactly compares alike. */
    private static Optional<Double> floating(Object value, TDengineDataType type) {
        if (!(value instanceof Number)) {
            return Optional.empty();
        }
        double d = ((Number) value).doubleValue();
        if (value instanceof BigDecimal && new BigDecimal(d).compareTo((BigDecimal) value) != 0) {
            return Optional.empty();
        }
        return type == TDengineDataType.FLOAT && (double) (float) d != d ? Optional.empty() : Optional.of(d);
    }

    /** Ticks in the column's precision, when the literal has no finer digits. */
    private Optional<Long> ticks(Object value, int precision) {
        Instant instant;
        if (value instanceof LocalDateTime) {
            instant = ((LocalDateTime) value).atZone(wallClockZone).toInstant();
        } else if (value instanceof Instant) {
            instant = (Instant) value;
        } else {
            return Optional.empty();
        }
        long unitNanos = precision == 0 ? 1_000_000L : precision == 1 ? 1_000L : 1L;
        if (instant.getNano() % unitNanos != 0) {
            return Optional.empty();
        }
        try {
            return Optional.of(TimestampTicks.fromInstant(instant, precision));
        } catch (ArithmeticException e) {
            return Optional.empty();
        }
    }
}
