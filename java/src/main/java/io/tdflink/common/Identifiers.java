package io.tdflink.common;

import org.apache.flink.annotation.Internal;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The one place on the Java side where a name becomes SQL text (Rust's is
 * {@code tdflink_client::identifier}). A name is always written between backticks, so keywords
 * such as {@code current}, mixed case and characters such as {@code ;} or {@code --} are part
 * of the name, never SQL; TDengine's {@code tbname} pseudo column stays bare. TDengine has no
 * escape for a backtick inside a quoted name, so such a name, an empty one, a NUL or one longer
 * than 192 bytes is refused (0xa014) rather than written.
 */
@Internal
public final class Identifiers {
    public static final String TBNAME = "tbname";
    /** TDengine's longest name, in bytes. */
    public static final int MAX_NAME_BYTES = 192;

    private static final Pattern PLAIN = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private Identifiers() {}

    /** An exact name (from the server or the data) as SQL: {@code `name`}, or {@code tbname}. */
    public static String quote(String name) {
        if (name.equalsIgnoreCase(TBNAME)) {
            return TBNAME;
        }
        if (name.isEmpty()
                || name.indexOf('`') >= 0
                || name.indexOf('\0') >= 0
                || name.getBytes(StandardCharsets.UTF_8).length > MAX_NAME_BYTES) {
            throw new TDengineException(
                    ErrorCodes.CONNECTOR_INVALID_SINK_FIELD_NAME,
                    "invalid name '" + name + "': a TDengine name is 1 to " + MAX_NAME_BYTES
                            + " bytes without backticks or NUL");
        }
        return "`" + name + "`";
    }

    /**
     * A name as a user spelled it in an option, read as TDengine reads SQL: between backticks it
     * is exact; a plain unquoted identifier is case-insensitive, i.e. lower case.
     */
    public static String quoteSpelled(String spelled) {
        String trimmed = spelled == null ? "" : spelled.trim();
        if (trimmed.length() > 1 && trimmed.startsWith("`") && trimmed.endsWith("`")) {
            return quote(trimmed.substring(1, trimmed.length() - 1));
        }
        return quote(PLAIN.matcher(trimmed).matches() ? trimmed.toLowerCase(Locale.ROOT) : trimmed);
    }

    /** {@code `db`.`table`} from exact names (a listing's, a catalog path's). */
    public static String qualified(String database, String table) {
        return quote(database) + "." + quote(table);
    }

    /** {@code `db`.`table`} from names as users spell them in options; just {@code `table`} when {@code database} is null. */
    public static String qualifiedAsSpelled(String database, String table) {
        return (database == null ? "" : quoteSpelled(database) + ".") + quoteSpelled(table);
    }
}
