package io.tdflink.common;

import org.apache.flink.annotation.Internal;

/** Builds the user classes named in properties ({@code value.deserializer}). */
@Internal
public final class UserClasses {
    /** The {@code value.deserializer} (and sink serializer) value that names no class: rows as Flink's {@code RowData}. */
    public static final String ROW_DATA = "RowData";

    private UserClasses() {}

    /**
     * A new instance of {@code className} through its public no-argument constructor.
     *
     * @throws TDengineException 0xa013 when the class cannot be loaded, is no {@code expected}
     *     or cannot be built
     */
    public static <T> T instantiate(String className, Class<T> expected, ClassLoader classLoader) {
        Class<?> type;
        try {
            type = Class.forName(className, true, classLoader);
        } catch (ClassNotFoundException | LinkageError e) {
            throw new TDengineException(
                    ErrorCodes.CONNECTOR_INVALID_VALUE_DESERIALIZER,
                    "value.deserializer class " + className + " cannot be loaded",
                    e);
        }
        if (!expected.isAssignableFrom(type)) {
            throw new TDengineException(
                    ErrorCodes.CONNECTOR_INVALID_VALUE_DESERIALIZER,
                    "value.deserializer class " + className + " does not implement " + expected.getName());
        }
        try {
            return expected.cast(type.getDeclaredConstructor().newInstance());
        } catch (ReflectiveOperationException e) {
            throw new TDengineException(
                    ErrorCodes.CONNECTOR_INVALID_VALUE_DESERIALIZER,
                    "value.deserializer class " + className + " needs a public no-argument constructor",
                    e);
        }
    }
}
