package io.tdflink.tmq;

import org.apache.flink.annotation.Internal;

import java.beans.PropertyDescriptor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Blob;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.AbstractMap.SimpleImmutableEntry;
import java.util.List;
import java.util.Map;

/**
 * One bean setter {@link ReferenceDeserializer} fills: the column of the property's name, read
 * with the typed getter the JDBC driver picks for the setter's parameter type.
 */
@Internal
final class BeanProperty {
    /** Reads the column {@code label} of the current row. */
    @FunctionalInterface
    private interface Getter {
        Object read(ResultSet data, String label) throws SQLException;
    }

    /**
     * The driver's table, in its order: the first entry whose class the setter's parameter type
     * accepts wins (so an {@code Object} parameter gets {@code getString}). Boxed and reference
     * types turn NULL into {@code null}; primitives take the getter's 0 or {@code false}.
     */
    private static final List<Map.Entry<Class<?>, Getter>> GETTERS = List.of(
            entry(String.class, nullable(ResultSet::getString)),
            entry(Integer.class, nullable(ResultSet::getInt)),
            entry(int.class, ResultSet::getInt),
            entry(Short.class, nullable(ResultSet::getShort)),
            entry(short.class, ResultSet::getShort),
            entry(Byte.class, nullable(ResultSet::getByte)),
            entry(byte.class, ResultSet::getByte),
            entry(Character.class, nullable(BeanProperty::getChar)),
            entry(char.class, BeanProperty::getChar),
            entry(Float.class, nullable(ResultSet::getFloat)),
            entry(float.class, ResultSet::getFloat),
            entry(Double.class, nullable(ResultSet::getDouble)),
            entry(double.class, ResultSet::getDouble),
            entry(Long.class, nullable(ResultSet::getLong)),
            entry(long.class, ResultSet::getLong),
            entry(Boolean.class, nullable(ResultSet::getBoolean)),
            entry(boolean.class, ResultSet::getBoolean),
            entry(Timestamp.class, nullable(ResultSet::getTimestamp)),
            entry(byte[].class, nullable(ResultSet::getBytes)),
            entry(BigDecimal.class, nullable(ResultSet::getBigDecimal)),
            entry(BigInteger.class, nullable((data, label) -> (BigInteger) data.getObject(label))),
            entry(Blob.class, nullable((data, label) -> (Blob) data.getObject(label))));

    private final String name;
    private final Method setter;
    private final Getter getter;

    private BeanProperty(String name, Method setter, Getter getter) {
        this.name = name;
        this.setter = setter;
        this.getter = getter;
    }

    /** The property as the driver fills it, or {@code null} when it has no setter or one of a type the driver leaves alone. */
    static BeanProperty of(PropertyDescriptor descriptor) {
        Method setter = descriptor.getWriteMethod();
        if (setter == null) {
            return null;
        }
        Class<?> parameter = setter.getParameterTypes()[0];
        for (Map.Entry<Class<?>, Getter> candidate : GETTERS) {
            if (parameter.isAssignableFrom(candidate.getKey())) {
                setter.setAccessible(true);
                return new BeanProperty(descriptor.getName(), setter, candidate.getValue());
            }
        }
        return null;
    }

    /**
     * Sets the property of {@code bean} from the current row of {@code data}.
     *
     * @param owner the deserializer's simple name, which the driver's message starts with
     */
    void set(Object bean, ResultSet data, String owner) throws SQLException {
        try {
            setter.invoke(bean, getter.read(data, name));
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new SQLException(
                    owner + ": " + name + " through method:" + setter.getName() + " get Data error: ", e);
        }
    }

    private static Object getChar(ResultSet data, String label) throws SQLException {
        return (char) data.getByte(label);
    }

    private static Getter nullable(Getter getter) {
        return (data, label) -> {
            Object value = getter.read(data, label);
            return data.wasNull() ? null : value;
        };
    }

    private static Map.Entry<Class<?>, Getter> entry(Class<?> type, Getter getter) {
        return new SimpleImmutableEntry<>(type, getter);
    }
}
