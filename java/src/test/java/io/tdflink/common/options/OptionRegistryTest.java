package io.tdflink.common.options;

import io.tdflink.common.TDengineCdcParams;
import io.tdflink.common.TDengineConfigParams;
import io.tdflink.table.TDengineConnectorOptions;

import org.apache.flink.configuration.ConfigOption;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The option registry against the code and docs it stands behind: the public key constants, the
 * SQL ConfigOptions, the defaults Java parses, and the generated tables of docs/options.md and
 * docs/sql.md (run with {@code -Dtdflink.writeDocs=true} to rewrite them after editing options.tsv).
 * The Rust side checks its own keys in rust/client/src/options.rs.
 */
class OptionRegistryTest {
    private static final Set<String> READERS =
            new TreeSet<>(Arrays.asList(OptionRegistry.SOURCE, OptionRegistry.SINK, OptionRegistry.CDC));

    @Test
    void everyPublicPropertyKeyIsARowAndEveryRowIsAPublicKey() throws IllegalAccessException {
        Set<String> constants = new TreeSet<>();
        for (Class<?> holder : Arrays.asList(TDengineConfigParams.class, TDengineCdcParams.class)) {
            for (Field field : holder.getDeclaredFields()) {
                if (Modifier.isPublic(field.getModifiers())
                        && Modifier.isStatic(field.getModifiers())
                        && field.getType() == String.class) {
                    constants.add((String) field.get(null));
                }
            }
        }
        Set<String> rows = OptionRegistry.properties().stream()
                .map(PropertyOption::key)
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(constants, rows);
    }

    @Test
    void everySqlOptionHasItsConstantAndMapsToAPropertyItsModesRead() {
        Set<String> built = new TreeSet<>();
        for (Field field : TDengineConnectorOptions.class.getFields()) {
            if (field.getType() == ConfigOption.class) {
                built.add(constant(field).key());
            }
        }
        Set<String> rows = OptionRegistry.tableOptions().stream()
                .map(TableOption::key)
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(rows, built);
        for (TableOption option : OptionRegistry.tableOptions()) {
            assertTrue(READERS.containsAll(option.modes()), option.key());
            if (option.property() != null && !option.property().equals(TableOption.COMPUTED)) {
                for (String mode : option.modes()) {
                    // Throws unless the DataStream class of that mode reads the property.
                    OptionRegistry.property(option.property(), mode);
                }
            }
        }
    }

    @Test
    void rowsAreWellFormed() {
        for (PropertyOption p : OptionRegistry.properties()) {
            assertTrue(READERS.containsAll(p.readBy()) && !p.readBy().isEmpty(), p.key());
            assertTrue(
                    Arrays.asList("java", "rust", "ignored").containsAll(p.parsedBy())
                            && !p.parsedBy().isEmpty(),
                    p.key());
            if (p.defaultValue() != null && p.type().equals("integer")) {
                p.defaultInt();
            }
            if (p.defaultValue() != null && p.type().equals("boolean")) {
                assertTrue(p.defaultValue().equals("true") || p.defaultValue().equals("false"), p.key());
            }
            long sameReader = OptionRegistry.properties().stream()
                    .filter(q -> q.key().equals(p.key()) && q.readBy().stream().anyMatch(p.readBy()::contains))
                    .count();
            assertEquals(1, sameReader, p.key() + ": one row per key and reader");
        }
    }

    @Test
    void theDocsShowTheRegistry() throws IOException {
        checkGenerated(Paths.get("docs/options.md"), OptionDocs.propertiesTables());
        checkGenerated(Paths.get("docs/sql.md"), OptionDocs.sqlTable());
    }

    private static void checkGenerated(Path doc, String table) throws IOException {
        String text = new String(Files.readAllBytes(doc), StandardCharsets.UTF_8);
        int start = text.indexOf(OptionDocs.BEGIN);
        int end = text.indexOf(OptionDocs.END);
        assertTrue(start >= 0 && end > start, doc + " has no generated option table");
        String expected = text.substring(0, start + OptionDocs.BEGIN.length()) + "\n" + table + text.substring(end);
        if (Boolean.getBoolean("tdflink.writeDocs")) {
            Files.write(doc, expected.getBytes(StandardCharsets.UTF_8));
            return;
        }
        assertEquals(expected, text, doc + " is out of date: run this test with -Dtdflink.writeDocs=true");
    }

    private static ConfigOption<?> constant(Field field) {
        try {
            return (ConfigOption<?>) field.get(null);
        } catch (IllegalAccessException e) {
            throw new AssertionError(e);
        }
    }
}
