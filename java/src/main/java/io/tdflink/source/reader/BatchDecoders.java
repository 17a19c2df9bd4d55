package io.tdflink.source.reader;

import io.tdflink.common.ConnectionProperties;
import io.tdflink.common.ErrorCodes;
import io.tdflink.common.OutputForm;
import io.tdflink.common.TDengineConfigParams;
import io.tdflink.common.TDengineException;
import io.tdflink.common.jdbc.DriverValues;
import io.tdflink.common.options.OptionRegistry;
import io.tdflink.source.serializable.TDengineRecordDeserialization;

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.typeinfo.TypeInformation;

/**
 * The bounded source's decoders, for the output form its properties choose ({@link OutputForm}):
 * {@code RowData}, a {@link TDengineRecordDeserialization}, and with {@code td.batch.mode} batches
 * of {@code batch.size} of either.
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
        OutputForm form = form(properties);
        BatchDecoder<?> rows = form.isRowData()
                ? new RowDataBatchDecoder(form.zone())
                : new CustomBatchDecoder<>(
                        form.newDeserializer(TDengineRecordDeserialization.class, classLoader),
                        new DriverValues(form.zone(), form.varcharAsString()));
        return form.isBatchMode() ? new SourceRecordsBatchDecoder<>(rows, batchSize(properties)) : rows;
    }

    /** The type the user's deserializer declares, or {@code null} for {@code RowData}. */
    public static TypeInformation<?> customProducedType(ConnectionProperties properties, ClassLoader classLoader) {
        OutputForm form = form(properties);
        return form.isRowData()
                ? null
                : form.newDeserializer(TDengineRecordDeserialization.class, classLoader)
                        .getProducedType();
    }

    public static boolean isBatchMode(ConnectionProperties properties) {
        return form(properties).isBatchMode();
    }

    private static OutputForm form(ConnectionProperties properties) {
        return OutputForm.of(properties.properties(), TDengineRecordDeserialization.class);
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
}
