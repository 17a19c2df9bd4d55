package io.tdflink.cdc;

import io.tdflink.cdc.enumerator.TDengineCdcEnumState;
import io.tdflink.cdc.enumerator.TDengineCdcEnumStateSerializer;
import io.tdflink.cdc.enumerator.TDengineCdcEnumerator;
import io.tdflink.cdc.reader.CdcMessageDecoder;
import io.tdflink.cdc.reader.CdcMessageDecoderFactory;
import io.tdflink.cdc.reader.CdcMessageDecoders;
import io.tdflink.cdc.reader.TDengineCdcReader;
import io.tdflink.cdc.split.TDengineCdcSplit;
import io.tdflink.cdc.split.TDengineCdcSplitSerializer;
import io.tdflink.jni.NativeLifecycle;

import org.apache.flink.annotation.Internal;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.core.io.SimpleVersionedSerializer;

import java.util.Objects;
import java.util.Properties;

/**
 * A TDengine TMQ subscription as an unbounded Flink source, with the official connector's API:
 * one topic, the {@code TDengineCdcParams} keys, and {@code value.deserializer} ({@code RowData}
 * or an {@link io.tdflink.tmq.Deserializer} class such as a
 * {@link io.tdflink.tmq.ReferenceDeserializer} bean); {@code td.batch.mode=true} emits each poll
 * as one {@link io.tdflink.tmq.ConsumerRecords}.
 *
 * <p>Unlike the official connector, positions per vgroup are Flink state and a restore seeks
 * back to them, whichever checkpoint or savepoint it is (docs/cdc.md); offsets are committed to
 * TDengine when a checkpoint completes, from the thread that polls. The properties are copied,
 * never modified, and checked here so bad values fail when the job is built.
 */
@PublicEvolving
public class TDengineCdcSource<OUT>
        implements Source<OUT, TDengineCdcSplit, TDengineCdcEnumState>, ResultTypeQueryable<OUT> {
    private static final long serialVersionUID = 1L;

    private final CdcProperties properties;
    private final Class<OUT> outType;
    private final CdcMessageDecoderFactory<OUT> decoders;
    /** The type the SQL planner declared, or null: then it follows from the properties. */
    private final TypeInformation<OUT> declaredType;

    @SuppressWarnings("unchecked")
    public TDengineCdcSource(String topic, Properties properties, Class<OUT> outType) {
        this.properties = CdcProperties.from(topic, Objects.requireNonNull(properties, "properties"));
        this.outType = Objects.requireNonNull(outType, "outType");
        CdcProperties settings = this.properties;
        this.decoders = classLoader -> (CdcMessageDecoder<OUT>) CdcMessageDecoders.create(settings, classLoader);
        this.declaredType = null;
        decoders.create(userClassLoader());
    }

    /** A source whose rows are made by {@code decoders} as {@code producedType}: the SQL connector's. */
    @Internal
    public TDengineCdcSource(
            CdcProperties properties, CdcMessageDecoderFactory<OUT> decoders, TypeInformation<OUT> producedType) {
        this.properties = Objects.requireNonNull(properties, "properties");
        this.decoders = Objects.requireNonNull(decoders, "decoders");
        this.declaredType = Objects.requireNonNull(producedType, "producedType");
        this.outType = producedType.getTypeClass();
    }

    @Override
    public Boundedness getBoundedness() {
        return Boundedness.CONTINUOUS_UNBOUNDED;
    }

    @Override
    public SourceReader<OUT, TDengineCdcSplit> createReader(SourceReaderContext readerContext) {
        NativeLifecycle.registerReleaseHook(readerContext.getUserCodeClassLoader());
        CdcMessageDecoder<OUT> decoder =
                decoders.create(readerContext.getUserCodeClassLoader().asClassLoader());
        return new TDengineCdcReader<>(properties, decoder, readerContext);
    }

    @Override
    public SplitEnumerator<TDengineCdcSplit, TDengineCdcEnumState> createEnumerator(
            SplitEnumeratorContext<TDengineCdcSplit> context) {
        return new TDengineCdcEnumerator(context, properties, TDengineCdcEnumState.initial(), false);
    }

    @Override
    public SplitEnumerator<TDengineCdcSplit, TDengineCdcEnumState> restoreEnumerator(
            SplitEnumeratorContext<TDengineCdcSplit> context, TDengineCdcEnumState checkpoint) {
        return new TDengineCdcEnumerator(context, properties, checkpoint, true);
    }

    @Override
    public SimpleVersionedSerializer<TDengineCdcSplit> getSplitSerializer() {
        return TDengineCdcSplitSerializer.INSTANCE;
    }

    @Override
    public SimpleVersionedSerializer<TDengineCdcEnumState> getEnumeratorCheckpointSerializer() {
        return new TDengineCdcEnumStateSerializer();
    }

    /**
     * {@link io.tdflink.common.typeutils.GenericRowDataTypeInfo} for {@code RowData}, a custom
     * deserializer's declared type when it declares one, else the class given; in batch mode the
     * class given, as the official connector does.
     */
    @Override
    @SuppressWarnings("unchecked")
    public TypeInformation<OUT> getProducedType() {
        if (declaredType != null) {
            return declaredType;
        }
        TypeInformation<?> rows = properties.outputForm().isBatchMode()
                ? null
                : CdcMessageDecoders.rowType(properties, userClassLoader());
        return (TypeInformation<OUT>) (rows != null ? rows : TypeInformation.of(outType));
    }

    private static ClassLoader userClassLoader() {
        return Thread.currentThread().getContextClassLoader();
    }
}
