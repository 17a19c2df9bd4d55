package io.tdflink.common.options;

import org.apache.flink.annotation.Internal;

import java.util.List;

/**
 * What every row of {@code options.tsv} has: key, aliases, type, default and meaning (cells 0, 1,
 * 2, 3 and 6). Cells 4 and 5 differ by section: {@link PropertyOption}, {@link TableOption}.
 */
@Internal
public abstract class OptionRow {
    private final String key;
    private final List<String> aliases;
    private final String type;
    private final String defaultValue;
    private final boolean required;
    private final String meaning;

    OptionRow(List<String> cells) {
        this.key = cells.get(0);
        this.aliases = OptionRegistry.list(cells.get(1));
        this.type = cells.get(2);
        this.defaultValue = OptionRegistry.defaultValue(cells.get(3));
        this.required = cells.get(3).equals(OptionRegistry.REQUIRED);
        this.meaning = cells.get(6);
    }

    public String key() {
        return key;
    }

    /** Keys read when {@link #key} is absent (SQL: Flink's fallback keys). */
    public List<String> aliases() {
        return aliases;
    }

    /** Properties: the value's kind ({@code integer}, {@code boolean}...). SQL: the ConfigOption's type. */
    public String type() {
        return type;
    }

    /** The value used when the key is absent, or {@code null}. */
    public String defaultValue() {
        return defaultValue;
    }

    public boolean required() {
        return required;
    }

    public String meaning() {
        return meaning;
    }
}
