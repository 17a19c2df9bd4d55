package io.tdflink.bench;

import org.apache.flink.table.data.StringData;

/** Subtable names PREFIX0 .. PREFIX(TABLES-1), built once: a generator's own cost should not dwarf the sinks'. */
final class TableNames {
    private final String prefix;
    private volatile StringData[] names = new StringData[0];

    TableNames(String prefix) {
        this.prefix = prefix;
    }

    StringData get(int t, int tables) {
        StringData[] built = names;
        if (built.length != tables) {
            built = new StringData[tables];
            for (int i = 0; i < tables; i++) {
                built[i] = StringData.fromString(prefix + i);
            }
            names = built;
        }
        return built[t];
    }
}
