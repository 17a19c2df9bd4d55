package io.tdflink.common;

import org.apache.flink.annotation.PublicEvolving;

/**
 * Property keys of the CDC source ({@code TDengineCdcSource}), spelled as the official
 * connector's {@code com.taosdata.flink.common.TDengineCdcParams}.
 */
@PublicEvolving
public final class TDengineCdcParams {
    /** {@code host:port} of taosAdapter. */
    public static final String BOOTSTRAP_SERVERS = "bootstrap.servers";
    /** Required; shared by every subtask of the source. */
    public static final String GROUP_ID = "group.id";

    public static final String CLIENT_ID = "client.id";
    public static final String ENABLE_AUTO_COMMIT = "enable.auto.commit";
    public static final String AUTO_COMMIT_INTERVAL_MS = "auto.commit.interval.ms";
    /** {@code earliest}, {@code latest} or {@code none}: where a group without committed offsets starts. */
    public static final String AUTO_OFFSET_RESET = "auto.offset.reset";

    public static final String MSG_WITH_TABLE_NAME = "msg.with.table.name";
    /** {@code RowData}, or the class name of an {@code io.tdflink.tmq.Deserializer}. */
    public static final String VALUE_DESERIALIZER = "value.deserializer";

    public static final String VALUE_DESERIALIZER_ENCODING = "value.deserializer.encoding";
    public static final String CONNECT_IP = "td.connect.ip";
    public static final String CONNECT_PORT = "td.connect.port";
    public static final String CONNECT_USER = "td.connect.user";
    public static final String CONNECT_PASS = "td.connect.pass";
    /** Always WebSocket; accepted for compatibility. */
    public static final String CONNECT_TYPE = "td.connect.type";

    public static final String CONNECT_TOKEN = "token";
    public static final String CONNECT_URL = "url";
    public static final String CONNECT_USE_SSL = "useSSL";
    public static final String CONNECT_TIMEOUT = "httpConnectTimeout";
    public static final String CONNECT_MESSAGE_TIMEOUT = "messageWaitTimeout";
    public static final String CONNECT_MAX_REQUEST = "httpPoolSize";
    /** Emit whole polls as {@code ConsumerRecords} batches. */
    public static final String TMQ_BATCH_MODE = "td.batch.mode";
    /** The poll timeout in milliseconds (default 500). */
    public static final String POLL_INTERVAL_MS = "poll.interval_ms";

    public static final String TMQ_SESSION_TIMEOUT_MS = "session.timeout.ms";
    public static final String TMQ_MAX_POLL_INTERVAL_MS = "max.poll.interval.ms";

    private TDengineCdcParams() {}
}
