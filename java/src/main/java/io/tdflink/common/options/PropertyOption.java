package io.tdflink.common.options;

import org.apache.flink.annotation.Internal;

import java.util.List;

/** One DataStream property of {@code options.tsv}. */
@Internal
public final class PropertyOption extends OptionRow {
    private final List<String> parsedBy;
    private final List<String> readBy;

    PropertyOption(List<String> cells) {
        super(cells);
        this.parsedBy = OptionRegistry.list(cells.get(4));
        this.readBy = OptionRegistry.list(cells.get(5));
    }

    /** The default as an integer; the registry's tests guarantee it parses. */
    public int defaultInt() {
        return Integer.parseInt(defaultValue());
    }

    /**
     * What is wrong with {@code value} for this key's type, or {@code null}: integers must be
     * non-negative and fit 64 bits, booleans be {@code true} or {@code false}, an enumeration
     * ({@code a|b|c}) one of its values (in any case). Other types are checked where they are used.
     */
    public String problem(String value) {
        String v = value.trim();
        if (type().equals("integer")) {
            try {
                return Long.parseLong(v) >= 0 ? null : "a non-negative integer";
            } catch (NumberFormatException e) {
                return "a non-negative integer";
            }
        }
        if (type().equals("boolean")) {
            return v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false") ? null : "true or false";
        }
        if (type().contains("|")) {
            for (String allowed : type().split("\\|")) {
                if (allowed.equalsIgnoreCase(v)) {
                    return null;
                }
            }
            return "one of " + type().replace("|", ", ");
        }
        return null;
    }

    /** {@code java}, {@code rust}, or {@code ignored} (accepted for compatibility). */
    public List<String> parsedBy() {
        return parsedBy;
    }

    /** {@code source}, {@code sink}, {@code cdc}. */
    public List<String> readBy() {
        return readBy;
    }
}
