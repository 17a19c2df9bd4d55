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

    /** {@code java}, {@code rust}, or {@code ignored} (accepted for compatibility). */
    public List<String> parsedBy() {
        return parsedBy;
    }

    /** {@code source}, {@code sink}, {@code cdc}. */
    public List<String> readBy() {
        return readBy;
    }
}
