package dev.portcullis.gateway.observe.accesslog;

import dev.portcullis.model.analytics.AnalyticsRecord;
import dev.portcullis.model.json.JsonBytes;
import java.nio.charset.StandardCharsets;

/**
 * One access-log line (ADR 0003): a JSON object with snake_case fields, latencies in milliseconds
 * with three decimals, absent values omitted. Written field by field straight into bytes ({@link JsonBytes}, no
 * reflection), on the access log's thread. Stateless and thread-safe.
 */
public final class AccessLogLine {

    private static final byte[] TIME = JsonBytes.name("time");
    private static final byte[] GATEWAY = JsonBytes.name("gateway");
    private static final byte[] PROXY = JsonBytes.name("proxy");
    private static final byte[] MEMBER = JsonBytes.name("member");
    private static final byte[] VIRTUAL_SERVER = JsonBytes.name("virtual_server");
    private static final byte[] METHOD = JsonBytes.name("method");
    private static final byte[] PATH = JsonBytes.name("path");
    private static final byte[] STATUS = JsonBytes.name("status");
    private static final byte[] LATENCY_MS = JsonBytes.name("latency_ms");
    private static final byte[] UPSTREAM_LATENCY_MS = JsonBytes.name("upstream_latency_ms");
    private static final byte[] UPSTREAM_TARGET = JsonBytes.name("upstream_target");
    private static final byte[] BYTES_IN = JsonBytes.name("bytes_in");
    private static final byte[] BYTES_OUT = JsonBytes.name("bytes_out");
    private static final byte[] KEY_ID = JsonBytes.name("key_id");
    private static final byte[] ALIAS = JsonBytes.name("alias");
    private static final byte[] CONSUMER_TYPE = JsonBytes.name("consumer_type");
    private static final byte[] MCP_METHOD = JsonBytes.name("mcp_method");
    private static final byte[] MCP_PROTOCOL_VERSION = JsonBytes.name("mcp_protocol_version");
    private static final byte[] MCP_PRIMITIVE_TYPE = JsonBytes.name("mcp_primitive_type");
    private static final byte[] MCP_PRIMITIVE_NAME = JsonBytes.name("mcp_primitive_name");
    private static final byte[] MCP_ERROR_CODE = JsonBytes.name("mcp_error_code");
    private static final byte[] ERROR_REASON = JsonBytes.name("error_reason");
    private static final byte[] SESSION_ID_HASH = JsonBytes.name("session_id_hash");
    private static final byte[] TRACE_ID = JsonBytes.name("trace_id");
    private static final byte[] RECORD_ID = JsonBytes.name("record_id");
    private static final byte[] TRUNCATED = JsonBytes.name("truncated");

    private AccessLogLine() {
    }

    public static String of(AnalyticsRecord record) {
        return of(record, null);
    }

    /** The line of {@code record}, naming the upstream target the request went to ({@code upstream_target}). */
    public static String of(AnalyticsRecord record, String target) {
        return of(record, target, null);
    }

    /**
     * Same, for a member leg of virtual server {@code legOf} ({@code virtual_server}; the record's proxy is the
     * member); null for an agent's own request. The text of {@link #appendTo}'s bytes without the newline.
     */
    public static String of(AnalyticsRecord record, String target, String legOf) {
        JsonBytes line = new JsonBytes(512);
        appendTo(line, record, target, legOf);
        return new String(line.array(), 0, line.size() - 1, StandardCharsets.UTF_8);
    }

    /** Appends the line and a {@code '\n'} to {@code out} in UTF-8. */
    public static void appendTo(JsonBytes out, AnalyticsRecord record, String target, String legOf) {
        out.startObject();
        out.instantField(TIME, record.time());
        out.stringField(GATEWAY, record.gateway());
        out.stringField(PROXY, record.proxy());
        out.stringField(MEMBER, record.member());
        out.stringField(VIRTUAL_SERVER, legOf);
        out.stringField(METHOD, record.httpMethod());
        out.stringField(PATH, record.path());
        out.numberField(STATUS, record.status());
        out.thousandthsField(LATENCY_MS, record.latencyMicros());
        if (record.upstreamLatencyMicros() != null) {
            out.thousandthsField(UPSTREAM_LATENCY_MS, record.upstreamLatencyMicros());
        }
        out.stringField(UPSTREAM_TARGET, target);
        out.numberField(BYTES_IN, record.bytesIn());
        out.numberField(BYTES_OUT, record.bytesOut());
        out.stringField(KEY_ID, record.keyId());
        out.stringField(ALIAS, record.alias());
        out.stringField(CONSUMER_TYPE, record.consumerType());
        out.stringField(MCP_METHOD, record.mcpMethod());
        out.stringField(MCP_PROTOCOL_VERSION, record.protocolVersion());
        out.stringField(MCP_PRIMITIVE_TYPE, record.mcpPrimitiveType());
        out.stringField(MCP_PRIMITIVE_NAME, record.mcpPrimitiveName());
        if (record.mcpErrorCode() != null) {
            out.numberField(MCP_ERROR_CODE, record.mcpErrorCode());
        }
        out.stringField(ERROR_REASON, record.errorReason());
        out.stringField(SESSION_ID_HASH, record.sessionIdHash());
        out.stringField(TRACE_ID, record.traceId());
        out.stringField(RECORD_ID, record.id());
        if (record.truncated()) {
            out.booleanField(TRUNCATED, true);
        }
        out.endObject();
        out.raw('\n');
    }
}
