package io.tdflink.source;

import io.tdflink.common.ConnectionProperties;
import io.tdflink.common.options.OptionRegistry;
import io.tdflink.common.typeutils.GenericRowDataTypeInfo;
import io.tdflink.jni.NativeLifecycle;
import io.tdflink.source.entity.SourceSplitSql;
import io.tdflink.source.enumerator.SourcePlan;
import io.tdflink.source.enumerator.SplitPlanner;
import io.tdflink.source.enumerator.TDengineSourceEnumState;
import io.tdflink.source.enumerator.TDengineSourceEnumStateSerializer;
import io.tdflink.source.enumerator.TDengineSourceEnumerator;
import io.tdflink.source.reader.BatchDecoder;
import io.tdflink.source.reader.BatchDecoderFactory;
import io.tdflink.source.reader.BatchDecoders;
import io.tdflink.source.reader.TDengineSourceReader;
import io.tdflink.source.split.TDengineSplit;
import io.tdflink.source.split.TDengineSplitSerializer;

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
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.io.SimpleVersionedSerializer;

import java.util.Objects;
import java.util.Properties;

/**
 * A bounded TDengine query as a Flink source, with the official connector's API: the
 * {@link SourceSplitSql} says what to read and how to split it, the properties say where
 * ({@code url}) and in which form ({@code value.deserializer}: {@code RowData} or a
 * {@link io.tdflink.source.serializable.TDengineRecordDeserialization} class;
 * {@code td.batch.mode=true} for {@link io.tdflink.source.entity.SourceRecords} batches).
 *
 * <p>The properties are copied (never modified) and checked here, so a missing URL or
 * deserializer fails when the job is built, not when it runs.
 */
@PublicEvolving
public class TDengineSource<OUT>
        implements Source<OUT, TDengineSplit, TDengineSourceEnumState>, ResultTypeQueryable<OUT> {
    private static final long serialVersionUID = 1L;

    private final ConnectionProperties connection;
    private final SourcePlan plan;
    private final Class<OUT> outType;
    private final BatchDecoderFactory<OUT> decoders;
    /** The type the SQL planner declared, or null: then it follows from the properties. */
    private final TypeInformation<OUT> declaredType;

    @SuppressWarnings("unchecked")
    public TDengineSource(Properties properties, SourceSplitSql splitSql, Class<OUT> outType) {
        this.connection = ConnectionProperties.from(Objects.requireNonNull(properties, "properties"));
        OptionRegistry.check(connection.properties(), OptionRegistry.SOURCE);
        this.plan = SplitPlanner.planOf(Objects.requireNonNull(splitSql, "splitSql"));
        this.outType = Objects.requireNonNull(outType, "outType");
        ConnectionProperties settings = connection;
        this.decoders = classLoader -> (BatchDecoder<OUT>) BatchDecoders.create(settings, classLoader);
        this.declaredType = null;
        decoders.create(userClassLoader());
    }

    /** A source reading {@code plan}, whose rows {@code decoders} make as {@code producedType}: the SQL connector's. */
    @Internal
    public TDengineSource(
            ConnectionProperties connection,
            SourcePlan plan,
            BatchDecoderFactory<OUT> decoders,
            TypeInformation<OUT> producedType) {
        this.connection = Objects.requireNonNull(connection, "connection");
        this.plan = Objects.requireNonNull(plan, "plan");
        this.decoders = Objects.requireNonNull(decoders, "decoders");
        this.declaredType = Objects.requireNonNull(producedType, "producedType");
        this.outType = producedType.getTypeClass();
    }

    @Override
    public Boundedness getBoundedness() {
        return Boundedness.BOUNDED;
    }

    @Override
    public SourceReader<OUT, TDengineSplit> createReader(SourceReaderContext readerContext) {
        NativeLifecycle.registerReleaseHook(readerContext.getUserCodeClassLoader());
        BatchDecoder<OUT> decoder =
                decoders.create(readerContext.getUserCodeClassLoader().asClassLoader());
        return new TDengineSourceReader<>(connection, decoder, new Configuration(), readerContext);
    }

    @Override
    public SplitEnumerator<TDengineSplit, TDengineSourceEnumState> createEnumerator(
            SplitEnumeratorContext<TDengineSplit> context) {
        return new TDengineSourceEnumerator(context, connection, plan, TDengineSourceEnumState.initial());
    }

    @Override
    public SplitEnumerator<TDengineSplit, TDengineSourceEnumState> restoreEnumerator(
            SplitEnumeratorContext<TDengineSplit> context, TDengineSourceEnumState checkpoint) {
        return new TDengineSourceEnumerator(context, connection, plan, checkpoint);
    }

    @Override
    public SimpleVersionedSerializer<TDengineSplit> getSplitSerializer() {
        return TDengineSplitSerializer.INSTANCE;
    }

    @Override
    public SimpleVersionedSerializer<TDengineSourceEnumState> getEnumeratorCheckpointSerializer() {
        return new TDengineSourceEnumStateSerializer();
    }

    /**
     * In row mode, {@link GenericRowDataTypeInfo} for {@code RowData} (not the official
     * connector's generic type, whose Kryo copies dominated a read) or a custom deserializer's
     * own type; in batch mode the class given, as the official connector does.
     */
    @Override
    @SuppressWarnings("unchecked")
    public TypeInformation<OUT> getProducedType() {
        if (declaredType != null) {
            return declaredType;
        }
        if (!BatchDecoders.isBatchMode(connection)) {
            TypeInformation<?> custom = BatchDecoders.customProducedType(connection, userClassLoader());
            return (TypeInformation<OUT>) (custom != null ? custom : GenericRowDataTypeInfo.INSTANCE);
        }
        return TypeInformation.of(outType);
    }

    private static ClassLoader userClassLoader() {
        return Thread.currentThread().getContextClassLoader();
    }
}
