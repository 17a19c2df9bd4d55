package io.tdflink.table.query;

import io.tdflink.common.TDengineDataType;

import org.apache.flink.annotation.Internal;
import org.apache.flink.table.expressions.CallExpression;
import org.apache.flink.table.expressions.FieldReferenceExpression;
import org.apache.flink.table.expressions.ResolvedExpression;
import org.apache.flink.table.expressions.ValueLiteralExpression;
import org.apache.flink.table.functions.BuiltInFunctionDefinitions;
import org.apache.flink.table.functions.FunctionDefinition;
import org.apache.flink.table.types.logical.LogicalType;

import java.time.ZoneId;
import java.util.ArrayList;
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
 * Anything else stays with Flink. Literals become parameters through {@link ColumnBinding}, as
 * lookup keys do. Filters are planned on the declared types alone (planning never asks the
 * server): a literal is taken when it binds exactly whatever column the declaration reads.
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

    private final Map<String, LogicalType> fields;
    private final ZoneId wallClockZone;

    /**
     * @param fields the declared type of each field name
     * @param wallClockZone the zone of TIMESTAMP (without time zone) values
     */
    public FilterTranslator(Map<String, LogicalType> fields, ZoneId wallClockZone) {
        this.fields = fields;
        this.wallClockZone = wallClockZone;
    }

    public Optional<PushedFilter> translate(ResolvedExpression expression) {
        if (!(expression instanceof CallExpression)) {
            return Optional.empty();
        }
        CallExpression call = (CallExpression) expression;
        FunctionDefinition function = call.getFunctionDefinition();
        List<ResolvedExpression> args = call.getResolvedChildren();
        if (function == BuiltInFunctionDefinitions.AND || function == BuiltInFunctionDefinitions.OR) {
            List<PushedFilter> parts = new ArrayList<>();
            for (ResolvedExpression arg : args) {
                Optional<PushedFilter> part = translate(arg);
                if (!part.isPresent()) {
                    return Optional.empty();
                }
                parts.add(part.get());
            }
            return Optional.of(PushedFilter.all(parts, function == BuiltInFunctionDefinitions.AND ? "and" : "or"));
        }
        if ((function == BuiltInFunctionDefinitions.IS_NULL || function == BuiltInFunctionDefinitions.IS_NOT_NULL)
                && args.size() == 1) {
            return column(args.get(0))
                    .map(name -> PushedFilter.isNull(name, function == BuiltInFunctionDefinitions.IS_NULL));
        }
        if (function == BuiltInFunctionDefinitions.LIKE && args.size() == 2) {
            return comparison("like", args.get(0), args.get(1));
        }
        String operator = COMPARISONS.get(function);
        if (operator == null || args.size() != 2) {
            return Optional.empty();
        }
        Optional<PushedFilter> direct = comparison(operator, args.get(0), args.get(1));
        return direct.isPresent() ? direct : comparison(FLIPPED.get(operator), args.get(1), args.get(0));
    }

    /** {@code field operator literal}, when the pair can be bound exactly. */
    private Optional<PushedFilter> comparison(String operator, ResolvedExpression left, ResolvedExpression right) {
        Optional<String> name = column(left);
        if (!name.isPresent() || !(right instanceof ValueLiteralExpression)) {
            return Optional.empty();
        }
        ValueLiteralExpression literal = (ValueLiteralExpression) right;
        Object value = literal.getValueAs(literal.getOutputDataType().getConversionClass())
                .orElse(null);
        if (value == null) {
            return Optional.empty();
        }
        Optional<ColumnBinding> binding = ColumnBinding.declared(fields.get(name.get()));
        if (!binding.isPresent()
                || !comparable(binding.get(), operator)
                || !binding.get().bind(value, wallClockZone).isPresent()) {
            return Optional.empty();
        }
        return Optional.of(PushedFilter.comparison(name.get(), operator, value));
    }

    /** Whether TDengine compares the column's kind by {@code operator} as Flink does: text by =, <> and LIKE, BOOL by = and <>, the rest by all but LIKE. */
    private static boolean comparable(ColumnBinding binding, String operator) {
        boolean equality = operator.equals("=") || operator.equals("<>");
        if (binding.isText()) {
            return equality || operator.equals("like");
        }
        return binding.type() == TDengineDataType.BOOL ? equality : !operator.equals("like");
    }

    private Optional<String> column(ResolvedExpression expression) {
        if (!(expression instanceof FieldReferenceExpression)) {
            return Optional.empty();
        }
        String name = ((FieldReferenceExpression) expression).getName();
        return fields.containsKey(name) ? Optional.of(name) : Optional.empty();
    }
}
