package io.tdflink.common.options;

import org.apache.flink.annotation.Internal;

import java.util.List;

/** One option of {@code 'connector' = 'tdengine-connector'} in {@code options.tsv}. */
@Internal
public final class TableOption extends OptionRow {
    /** The {@link #property} of an option that {@code TableProperties} turns into properties itself. */
    public static final String COMPUTED = "*";

    private final List<String> modes;
    private final String property;

    TableOption(List<String> cells) {
        super(cells);
        this.modes = OptionRegistry.list(cells.get(4));
        this.property = cells.get(5).equals("-") ? null : cells.get(5);
    }

    /** The {@code td.jdbc.mode}s that read it: {@code source} (also lookups), {@code cdc}, {@code sink}. */
    public List<String> modes() {
        return modes;
    }

    /** The DataStream property the value is copied to, {@link #COMPUTED}, or {@code null} for none. */
    public String property() {
        return property;
    }
}
