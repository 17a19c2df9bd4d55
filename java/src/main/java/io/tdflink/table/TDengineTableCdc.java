package io.tdflink.table;

import io.tdflink.cdc.CdcProperties;
import io.tdflink.cdc.TDengineCdcSource;
import io.tdflink.cdc.reader.CdcMessageDecoderFactory;
import io.tdflink.common.data.TDengineRowData;
import io.tdflink.common.types.DeclaredRowConverter;
import io.tdflink.jni.NativeBatchReader;

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.connector.ChangelogMode;
import org.apache.flink.table.connector.ProviderContext;
import org.apache.flink.table.connector.source.DataStreamScanProvider;
import org.apache.flink.table.connector.source.DynamicTableSource;
import org.apache.flink.table.connector.source.ScanTableSource;
import org.apache.flink.table.connector.source.abilities.SupportsReadingMetadata;
import org.apache.flink.table.connector.source.abilities.SupportsWatermarkPushDown;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.types.DataType;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.table.types.utils.TypeConversions;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * {@code 'td.jdbc.mode' = 'cdc'}: an unbounded, insert-only scan of a TMQ topic over
 * {@link TDengineCdcSource}, rows in the declared schema (matched by name when the first
 * message arrives). A {@code WATERMARK} is generated inside the source, so readers without
 * vgroups go idle as in the DataStream source. Metadata: {@code topic}, {@code vgroup_id},
 * {@code offset}.
 */
@Internal
final class TDengineTableCdc implements ScanTableSource, SupportsReadingMetadata, SupportsWatermarkPushDown {
    /** The readable metadata, in the order Flink appends them. */
    private static final Map<String, DataType> METADATA = new LinkedHashMap<>();

    static {
        METADATA.put("topic", DataTypes.STRING().notNull());
        METADATA.put("vgroup_id", DataTypes.INT().notNull());
        METADATA.put("offset", DataTypes.BIGINT().notNull());
    }

    private final String topic;
    private final Properties properties;
    private final RowType physical;
    private final String timezone;
    private List<String> metadataKeys = new ArrayList<>();
    private DataType producedDataType;
    private WatermarkStrategy<RowData> watermarks = WatermarkStrategy.noWatermarks();

    TDengineTableCdc(String topic, Properties properties, RowType physical, String timezone) {
        this.topic = topic;
        this.properties = properties;
        this.physical = physical;
        this.timezone = timezone;
        this.producedDataType = TypeConversions.fromLogicalToDataType(physical);
        CdcProperties.from(topic, properties); // bad settings fail at planning, with their codes
    }

    @Override
    public ChangelogMode getChangelogMode() {
        return ChangelogMode.insertOnly();
    }

    @Override
    public ScanRuntimeProvider getScanRuntimeProvider(ScanContext context) {
        DeclaredRowConverter converter = new DeclaredRowConverter(physical, timezone, metadataKeys.size());
        int first = physical.getFieldCount();
        List<String> keys = new ArrayList<>(metadataKeys);
        RowType produced = (RowType) producedDataType.getLogicalType();
        CdcMessageDecoderFactory<RowData> decoders = classLoader -> {
            BinaryRows binary = new BinaryRows(produced);
            return (message, out) -> {
                StringData topicName = StringData.fromString(message.topic());
                for (int b = 0; b < message.blockCount(); b++) {
                    NativeBatchReader block = message.block(b);
                    for (int row = 0; row < block.rowCount(); row++) {
                        TDengineRowData rowData = converter.convert(block, row);
                        for (int k = 0; k < keys.size(); k++) {
                            String key = keys.get(k);
                            rowData.setField(
                                    first + k,
                                    key.equals("topic")
                                            ? topicName
                                            : key.equals("vgroup_id")
                                                    ? (Object) message.vgroupId()
                                                    : (Object) message.offset());
                        }
                        out.add(binary.of(rowData));
                    }
                }
            };
        };
        TypeInformation<RowData> type = context.createTypeInformation(producedDataType);
        TDengineCdcSource<RowData> source =
                new TDengineCdcSource<>(CdcProperties.from(topic, properties), decoders, type);
        WatermarkStrategy<RowData> strategy = watermarks;
        return new DataStreamScanProvider() {
            @Override
            public DataStream<RowData> produceDataStream(
                    ProviderContext providerContext, StreamExecutionEnvironment env) {
                return env.fromSource(source, strategy, "tdengine-cdc: " + topic);
            }

            @Override
            public boolean isBounded() {
                return false;
            }
        };
    }

    @Override
    public Map<String, DataType> listReadableMetadata() {
        return METADATA;
    }

    @Override
    public void applyReadableMetadata(List<String> keys, DataType producedDataType) {
        this.metadataKeys = new ArrayList<>(keys);
        this.producedDataType = producedDataType;
    }

    @Override
    public void applyWatermark(WatermarkStrategy<RowData> strategy) {
        this.watermarks = strategy;
    }

    @Override
    public DynamicTableSource copy() {
        TDengineTableCdc copy = new TDengineTableCdc(topic, properties, physical, timezone);
        copy.metadataKeys = new ArrayList<>(metadataKeys);
        copy.producedDataType = producedDataType;
        copy.watermarks = watermarks;
        return copy;
    }

    @Override
    public String asSummaryString() {
        return "TDengine CDC[" + topic + "]";
    }
}
