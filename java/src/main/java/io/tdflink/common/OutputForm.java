package io.tdflink.common;

import org.apache.flink.annotation.Internal;

import java.time.ZoneId;
import java.util.Map;

/**
 * The form a source hands its rows out in, as its properties choose it, read one way for the
 * bounded and the CDC source: {@code value.deserializer} ({@code RowData} or the class of a user's
 * deserializer), {@code td.batch.mode}, and how values read ({@code timezone}, {@code
 * varcharAsString}). Each source's decoder factory builds its decoders from one of these.
 */
@Internal
public final class OutputForm {
    private final String deserializer;
    private final boolean batchMode;
    private final ZoneId zone;
    private final boolean varcharAsString;

    private OutputForm(String deserializer, boolean batchMode, ZoneId zone, boolean varcharAsString) {
        this.deserializer = deserializer;
        this.batchMode = batchMode;
        this.zone = zone;
        this.varcharAsString = varcharAsString;
    }

    /**
     * @param userType what a user's deserializer must be, named in the error
     * @throws TDengineException 0xa003 without {@code value.deserializer}
     */
    public static OutputForm of(Map<String, String> properties, Class<?> userType) {
        String deserializer = PropertyValues.get(properties, TDengineConfigParams.VALUE_DESERIALIZER, null);
        if (deserializer == null) {
            throw new TDengineException(
                    ErrorCodes.CONNECTOR_CONVERT_NOT_PROVIDED,
                    "value.deserializer is not set: use " + UserClasses.ROW_DATA + " or the class name of a "
                            + userType.getName());
        }
        return new OutputForm(
                deserializer,
                Boolean.parseBoolean(PropertyValues.get(properties, TDengineConfigParams.TD_BATCH_MODE, "false")),
                TimeZones.wallClockZone(
                        PropertyValues.get(properties, TDengineConfigParams.PROPERTY_KEY_TIME_ZONE, null)),
                Boolean.parseBoolean(
                        PropertyValues.get(properties, TDengineConfigParams.PROPERTY_KEY_VARCHAR_AS_STRING, "false")));
    }

    /** Rows as Flink's {@code RowData}, no user class. */
    public boolean isRowData() {
        return UserClasses.ROW_DATA.equalsIgnoreCase(deserializer);
    }

    /**
     * A new instance of the user's deserializer.
     *
     * @throws TDengineException 0xa013 when it cannot be loaded or built, or is no {@code type}
     */
    public <T> T newDeserializer(Class<T> type, ClassLoader classLoader) {
        return UserClasses.instantiate(deserializer, type, classLoader);
    }

    /** Each poll or fetch as one batch of records ({@code td.batch.mode}). */
    public boolean isBatchMode() {
        return batchMode;
    }

    /** The wall clock TIMESTAMP values read in. */
    public ZoneId zone() {
        return zone;
    }

    /** Whether a user's deserializer sees VARCHAR values as {@code String} rather than bytes. */
    public boolean varcharAsString() {
        return varcharAsString;
    }
}
