package io.tdflink.common.options;

import io.tdflink.common.ErrorCodes;
import io.tdflink.common.TDengineException;

import org.apache.flink.annotation.Internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Every option of the connector, read once from {@code options.tsv} beside this class: the
 * DataStream properties and the SQL table options, each with its key, type, default and aliases,
 * and for properties which side parses it. The Rust client compiles the same file in, so both
 * sides take a default from one line (the file's header says what each column means).
 */
@Internal
public final class OptionRegistry {
    /** The readers of a property, and the {@code td.jdbc.mode}s of an SQL option. */
    public static final String SOURCE = "source";

    public static final String SINK = "sink";
    public static final String CDC = "cdc";

    private static final String FILE = "options.tsv";
    private static final String IGNORED = "ignored";
    private static final OptionRegistry INSTANCE = load();

    private final List<PropertyOption> properties;
    private final List<TableOption> tableOptions;

    private OptionRegistry(List<PropertyOption> properties, List<TableOption> tableOptions) {
        this.properties = Collections.unmodifiableList(properties);
        this.tableOptions = Collections.unmodifiableList(tableOptions);
    }

    /** The DataStream properties, in the file's order. */
    public static List<PropertyOption> properties() {
        return INSTANCE.properties;
    }

    /** The SQL options of {@code 'connector' = 'tdengine-connector'}, in the file's order. */
    public static List<TableOption> tableOptions() {
        return INSTANCE.tableOptions;
    }

    /** Property {@code key} as {@code reader} (source, sink or cdc) reads it. */
    public static PropertyOption property(String key, String reader) {
        return INSTANCE.properties.stream()
                .filter(p -> p.key().equals(key) && p.readBy().contains(reader))
                .findFirst()
                .orElseThrow(() ->
                        new IllegalArgumentException("options.tsv has no property '" + key + "' read by " + reader));
    }

    /**
     * Checks every property {@code reader} reads against its registered type, so a bad value
     * fails when the job is built rather than on the cluster.
     *
     * @throws TDengineException naming the key, what it must be and the value: 0xa000 for a
     *     key the native client parses (its code for the same value), 0x2303 for the others
     */
    public static void check(Map<String, String> properties, String reader) {
        for (PropertyOption option : INSTANCE.properties) {
            String value = properties.get(option.key());
            if (value == null
                    || value.trim().isEmpty()
                    || !option.readBy().contains(reader)
                    || option.parsedBy().contains(IGNORED)) {
                continue;
            }
            String expected = option.problem(value);
            if (expected != null) {
                int code = option.parsedBy().contains("rust")
                        ? ErrorCodes.CONNECTOR_BAD_CONNECTION_PARAMETER
                        : ErrorCodes.DRIVER_INVALID_VARIABLE;
                throw new TDengineException(code, option.key() + " must be " + expected + ", got '" + value + "'");
            }
        }
    }

    /** SQL option {@code key}. */
    public static TableOption tableOption(String key) {
        return INSTANCE.tableOptions.stream()
                .filter(o -> o.key().equals(key))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("options.tsv has no SQL option '" + key + "'"));
    }

    private static OptionRegistry load() {
        List<PropertyOption> properties = new ArrayList<>();
        List<TableOption> tableOptions = new ArrayList<>();
        InputStream in = OptionRegistry.class.getResourceAsStream(FILE);
        if (in == null) {
            throw new IllegalStateException(FILE + " is missing from the connector jar");
        }
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String section = null;
            String line;
            int number = 0;
            while ((line = reader.readLine()) != null) {
                number++;
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                if (line.startsWith("[")) {
                    section = line;
                    continue;
                }
                List<String> cells = Arrays.asList(line.split("\t", -1));
                if (cells.size() != 7) {
                    throw new IllegalStateException(
                            FILE + " line " + number + ": 7 tab-separated cells expected, got " + cells.size());
                }
                if ("[properties]".equals(section)) {
                    properties.add(new PropertyOption(cells));
                } else if ("[sql]".equals(section)) {
                    tableOptions.add(new TableOption(cells));
                } else {
                    throw new IllegalStateException(
                            FILE + " line " + number + ": a row outside [properties] and [sql]");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new OptionRegistry(properties, tableOptions);
    }

    /** A cell listing names: "-" is none, otherwise comma-separated. */
    static List<String> list(String cell) {
        if (cell.equals("-")) {
            return Collections.emptyList();
        }
        List<String> out = new ArrayList<>();
        for (String item : cell.split(",")) {
            out.add(item.trim());
        }
        return Collections.unmodifiableList(out);
    }

    /** A default cell: "-" and "required" are no value, {@code ""} the empty string. */
    static String defaultValue(String cell) {
        return cell.equals("-") || cell.equals(REQUIRED) ? null : cell.equals("\"\"") ? "" : cell;
    }

    static final String REQUIRED = "required";
}
