package io.tdflink.common;

import org.junit.jupiter.api.Test;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Java registry mirrors Rust's: every connector and driver code, and the server codes Java names, by the same name and value. */
class ErrorCodesTest {
    private static final Pattern RUST_CONST = Pattern.compile("pub const (\\w+): i32 = 0x([0-9a-fA-F]+);");

    @Test
    void javaCodesMirrorRustCodes() throws Exception {
        Map<String, Integer> rust = new TreeMap<>();
        Matcher m = RUST_CONST.matcher(
                new String(Files.readAllBytes(Paths.get("rust/protocol/src/codes.rs")), StandardCharsets.UTF_8));
        while (m.find()) {
            rust.put(m.group(1), Integer.parseInt(m.group(2), 16));
        }
        assertTrue(rust.size() > 40, "codes.rs was not read: " + rust);
        Map<String, Integer> java = new TreeMap<>();
        for (Field field : ErrorCodes.class.getDeclaredFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == int.class) {
                java.put(field.getName(), field.getInt(null));
            }
        }
        for (Map.Entry<String, Integer> code : java.entrySet()) {
            assertEquals(rust.get(code.getKey()), code.getValue(), code.getKey() + " differs from codes.rs");
        }
        for (Map.Entry<String, Integer> code : rust.entrySet()) {
            if (!code.getKey().startsWith("SERVER_") && !code.getKey().startsWith("ADAPTER_")) {
                assertEquals(code.getValue(), java.get(code.getKey()), code.getKey() + " is missing from ErrorCodes");
            }
        }
    }
}
