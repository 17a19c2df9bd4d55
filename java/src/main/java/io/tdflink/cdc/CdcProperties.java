package io.tdflink.cdc;

import io.tdflink.common.ConnectionProperties;
import io.tdflink.common.ErrorCodes;
import io.tdflink.common.OutputForm;
import io.tdflink.common.PropertyValues;
import io.tdflink.common.TDengineCdcParams;
import io.tdflink.common.TDengineException;
import io.tdflink.common.options.OptionRegistry;
import io.tdflink.source.entity.SourceErrorNumbers;
import io.tdflink.tmq.Deserializer;

import org.apache.flink.annotation.Internal;

import java.io.Serializable;
import java.util.Collections;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The CDC source's settings: an immutable copy of the user's properties (never modified, unlike
 * the official connector), checked when the job is built so bad values fail there with their
 * code, and the per-subtask property set handed to the Rust consumer.
 */
@Internal
public final class CdcProperties implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String topic;
    private final Map<String, String> properties;

    private CdcProperties(String topic, Map<String, String> properties) {
        this.topic = topic;
        this.properties = Collections.unmodifiableMap(properties);
    }

    /**
     * Checks what can be checked without the server or the native library; the Rust consumer
     * parses the rest (a malformed URL, a group id too long) when it opens on the cluster.
     *
     * @throws TDengineException 0xa002 for a blank topic, 0xa001 without {@code group.id},
     *     0xa003 without {@code value.deserializer}, 0xa000 for a connection or offset setting
     *     of the wrong type, 0x2303 for a bad poll interval
     */
    public static CdcProperties from(String topic, Properties source) {
        if (topic == null || topic.trim().isEmpty()) {
            throw new TDengineException(SourceErrorNumbers.ERROR_TMQ_TOPIC, "the topic must be a non-empty name");
        }
        CdcProperties cdc = new CdcProperties(topic.trim(), ConnectionProperties.strings(source));
        OptionRegistry.check(cdc.properties, OptionRegistry.CDC);
        cdc.outputForm();
        if (cdc.pollIntervalMs() <= 0) {
            throw new TDengineException(
                    ErrorCodes.DRIVER_INVALID_VARIABLE,
                    TDengineCdcParams.POLL_INTERVAL_MS + " must be a positive number of milliseconds");
        }
        if (cdc.groupId() == null) {
            throw new TDengineException(
                    SourceErrorNumbers.ERROR_TMQ_GROUP_ID_CONFIGURATION,
                    TDengineCdcParams.GROUP_ID + " is required and must not be empty");
        }
        return cdc;
    }

    public String topic() {
        return topic;
    }

    public String groupId() {
        return get(TDengineCdcParams.GROUP_ID);
    }

    /** @throws TDengineException 0xa003 without {@code value.deserializer} */
    public OutputForm outputForm() {
        return OutputForm.of(properties, Deserializer.class);
    }

    /** As the official connector: anything but {@code true} means commit on checkpoints. */
    public boolean isAutoCommit() {
        return Boolean.parseBoolean(get(TDengineCdcParams.ENABLE_AUTO_COMMIT));
    }

    /** The poll timeout: how long one fetch waits for a message. */
    public int pollIntervalMs() {
        return PropertyValues.getInt(
                properties,
                TDengineCdcParams.POLL_INTERVAL_MS,
                OptionRegistry.property(TDengineCdcParams.POLL_INTERVAL_MS, OptionRegistry.CDC)
                        .defaultInt());
    }

    /** Subtask {@code index}'s client id: {@code client.id} (default {@code clientId}), then {@code _index}. */
    public String clientId(int index) {
        String base = get(TDengineCdcParams.CLIENT_ID);
        return (base == null
                        ? OptionRegistry.property(TDengineCdcParams.CLIENT_ID, OptionRegistry.CDC)
                                .defaultValue()
                        : base)
                + "_" + index;
    }

    /** Every property as given: what a user's deserializer is configured with. */
    public Map<String, String> all() {
        return properties;
    }

    /**
     * What subtask {@code index}'s Rust consumer opens with: the connector-only keys removed,
     * its own client id, and auto-commit only when asked for with {@code true}.
     */
    public Map<String, String> consumerProperties(int index) {
        Map<String, String> out = new TreeMap<>(properties);
        out.remove(TDengineCdcParams.TMQ_BATCH_MODE);
        out.remove(TDengineCdcParams.POLL_INTERVAL_MS);
        out.remove(TDengineCdcParams.VALUE_DESERIALIZER);
        out.remove(TDengineCdcParams.VALUE_DESERIALIZER_ENCODING);
        out.put(TDengineCdcParams.CLIENT_ID, clientId(index));
        out.put(TDengineCdcParams.ENABLE_AUTO_COMMIT, Boolean.toString(isAutoCommit()));
        return out;
    }

    /** A property, or {@code null} when absent or blank. */
    private String get(String key) {
        return PropertyValues.get(properties, key, null);
    }
}
