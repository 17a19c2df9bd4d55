package io.tdflink.tmq;

import org.apache.flink.annotation.PublicEvolving;

import java.beans.IntrospectionException;
import java.beans.Introspector;
import java.beans.PropertyDescriptor;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Turns each row into a bean of type {@code V}: a new instance per row, each setter filled from
 * the column named as its property (JavaBeans naming: {@code setGroupid} reads {@code groupid})
 * with the typed getter the JDBC driver picks for the setter's type. Subclass it naming the bean
 * ({@code class ResultDeserializer extends ReferenceDeserializer<ResultBean> {}}), as with the
 * driver's class: the bean class is read from that type argument. The bean needs a no-argument
 * constructor; a property without a column fails the row, as with the driver.
 */
@PublicEvolving
public class ReferenceDeserializer<V> implements Deserializer<V> {
    private Class<V> beanClass;
    private List<BeanProperty> properties;
    private String owner; // the driver's error messages start with the deserializer's simple name

    public ReferenceDeserializer() {}

    /**
     * Resolves the bean class and its setters. The driver's only key here,
     * {@code value.deserializer.encoding}, has no use: text arrives as UTF-8.
     */
    @Override
    public void configure(Map<?, ?> configs) {
        resolve();
    }

    @Override
    public V deserialize(ResultSet data, String topic, String dbName) throws DeserializerException, SQLException {
        resolve();
        V bean;
        try {
            bean = beanClass.getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new DeserializerException(
                    "Could not find a public no-argument constructor for " + beanClass.getName(), e);
        }
        for (BeanProperty property : properties) {
            property.set(bean, data, owner);
        }
        return bean;
    }

    /** Once: the bean class from the subclass's type argument, then its settable properties. */
    private void resolve() {
        if (properties != null) {
            return;
        }
        owner = getClass().getSimpleName();
        beanClass = beanClass();
        List<BeanProperty> settable = new ArrayList<>();
        try {
            for (PropertyDescriptor descriptor :
                    Introspector.getBeanInfo(beanClass).getPropertyDescriptors()) {
                BeanProperty property = BeanProperty.of(descriptor);
                if (property != null) {
                    settable.add(property);
                }
            }
        } catch (IntrospectionException e) {
            throw new DeserializerException(owner + " get BeanInfo error!", e);
        }
        properties = settable;
    }

    /**
     * {@code V} as the subclass binds it. The driver reads only the direct superclass; walking up
     * also serves a subclass of such a subclass.
     */
    @SuppressWarnings("unchecked")
    private Class<V> beanClass() {
        for (Class<?> c = getClass(); c != ReferenceDeserializer.class; c = c.getSuperclass()) {
            Type parent = c.getGenericSuperclass();
            if (parent instanceof ParameterizedType
                    && ((ParameterizedType) parent).getRawType() == ReferenceDeserializer.class) {
                Type argument = ((ParameterizedType) parent).getActualTypeArguments()[0];
                if (argument instanceof Class) {
                    return (Class<V>) argument;
                }
                break;
            }
        }
        throw new DeserializerException(
                "ReferenceDeserializer getGenericType error!, maybe not extends ReferenceDeserializer: "
                        + getClass().getName() + " must extend ReferenceDeserializer<YourBean>",
                null);
    }
}
