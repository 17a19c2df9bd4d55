package io.tdflink.source.reader;

import io.tdflink.common.ConnectionProperties;
import io.tdflink.common.ErrorCodes;
import io.tdflink.common.TDengineConfigParams;
import io.tdflink.common.TDengineException;
import io.tdflink.common.TimeZones;
import io.tdflink.common.UserClasses;
import io.tdflink.common.jdbc.DriverValues;
import io.tdflink.common.options.OptionRegistry;
import io.tdflink.source.entity.SourceErrorNumbers;
import io.tdflink.source.serializable.TDengineRecordDeserialization;

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.typeinfo.TypeInformation;

import java.time.ZoneId;

/**
 * Chooses the output form from the properties: {@code value.deserializer} ({@code RowData} or
 * a {@link TDengineRecordDeserialization} class), {@code td.batch.mode} and {@code batch.size}.
 */
@Internal
public final class BatchDecoders {

    private BatchDecoders() {}

    /**
     * The decoder a reader uses.
     *
     * @throws TDengineException 0xa003 without {@code value.deserializer}; 0xa013 when its
     *     class cannot be loaded, built or is no {@link TDengineRecordDeserialization}
     */
    public static BatchDecoder<?> create(ConnectionProperties properties, ClassLoader classLoader) {
        ZoneId zone = TimeZones.wallClockZone(properties.get(TDengineConfigParams.PROPERTY_KEY_TIME_ZONE, null));
        BatchDecoder<?> rows;
        String deserializer = deserializerName(properties);
        if (UserClasses.ROW_DATA.equalsIgnoreCase(deserializer)) {
            rows = new RowDataBatchDecoder(zone);
        } else {
            boolean varcharAsString =
                    Boolean.parseBoolean(properties.get(TDengineConfigParams.PROPERTY_KEY_VARCHAR_AS_STRING, "false"));
            rows = new CustomBatchDecoder<>(
                    UserClasses.instantiate(deserializer, TDengineRecordDeserialization.class, classLoader),
                    new DriverValues(zone, varcharAsString));
        }
        return isBatchMode(properties) ? new SourceRecordsBatchDecoder<>(rows, batchSize(properties)) : rows;
    }

    /** The type the user's deserializer declares, or {@code null} for {@code RowData}. */
    public static TypeInformation<?> customProducedType(ConnectionProperties properties, ClassLoader classLoader) {
        String deserializer = deserializerName(properties);
        return UserClasses.ROW_DATA.equalsIgnoreCase(deserializer)
                ? null
                : UserClasses.instantiate(deserializer, TDengineRecordDeserialization.class, classLoader)
                        .getProducedType();
    }

    public static boolean isBatchMode(ConnectionProperties properties) {
        return Boolean.parseBoolean(properties.get(TDengineConfigParams.TD_BATCH_MODE, "false"));
    }

    private static int batchSize(ConnectionProperties properties) {
        int size = properties.getInt(
                TDengineConfigParams.TD_BATCH_SIZE,
                OptionRegistry.property(TDengineConfigParams.TD_BATCH_SIZE, OptionRegistry.SOURCE)
                        .defaultInt());
        if (size <= 0) {
            throw new TDengineException(
                    ErrorCodes.DRIVER_INVALID_VARIABLE,
                    TDengineConfigParams.TD_BATCH_SIZE + " must be a positive integer, got " + size);
        }
        return size;
    }

    private static String deserializerName(ConnectionProperties properties) {
        String name = properties.get(TDengineConfigParams.VALUE_DESERIALIZER, null);
        if (name == null) {
            throw new TDengineException(
                    SourceErrorNumbers.ERROR_CONVERT_NOT_PROVIDED,
                    "value.deserializer is not set: use " + UserClasses.ROW_DATA
                            + " or the class name of a TDengineRecordDeserialization");
        }
        return name;
    }
}
