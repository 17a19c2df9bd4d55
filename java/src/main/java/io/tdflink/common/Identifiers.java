package io.tdflink.common;

import org.apache.flink.annotation.Internal;

/**
 * The one place where a name becomes SQL text. A name is always written between backticks
 * (so keywords such as {@code current} and mixed case work), except TDengine's {@code tbname}
 * pseudo column, which a quoted name would not mean. TDengine has no escape for a backtick
 * inside a quoted name, so such a name is refused rather than written.
 */
@Internal
public final class Identifiers {
    public static final String TBNAME = "tbname";
    private static final int INVALID_NAME = 0xa014;

    private Identifiers() {}

    /** {@code name} as SQL: {@code `name`}, or {@code tbname}. */
    public static String quote(String name) {
        String bare = unquote(name);
        if (bare.isEmpty() || bare.indexOf('`') >= 0 || bare.indexOf('\0') >= 0) {
            throw new TDengineException(INVALID_NAME, "invalid identifier " + name + ": names may not be empty or hold a backtick");
        }
        return bare.equalsIgnoreCase(TBNAME) ? TBNAME : "`" + bare + "`";
    }

    /** {@code `db`.`table`}, or just {@code `table`} when {@code database} is null. */
    public static String qualified(String database, String table) {
        return (database == null ? "" : quote(database) + ".") + quote(table);
    }

    /** {@code name} without one pair of surrounding backticks, trimmed. */
    public static String unquote(String name) {
        String trimmed = name == null ? "" : name.trim();
        return trimmed.length() > 1 && trimmed.startsWith("`") && trimmed.endsWith("`") ? trimmed.substring(1, trimmed.length() - 1) : trimmed;
    }
}
