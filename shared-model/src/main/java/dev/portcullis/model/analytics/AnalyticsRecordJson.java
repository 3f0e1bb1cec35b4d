package dev.portcullis.model.analytics;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.portcullis.model.json.Json;
import dev.portcullis.model.json.JsonBytes;
import java.nio.charset.StandardCharsets;

/**
 * The analytics stream's wire form of an {@link AnalyticsRecord}: camelCase JSON, nulls omitted. Reading ignores
 * fields it does not know, because ADR 0003 lets a newer gateway add fields that an older control plane must still
 * ingest. Thread-safe.
 *
 * <p>Written field by field straight into bytes (every gateway request writes one); {@code AnalyticsRecordJsonTest}
 * keeps it equal to the record's Jackson form, which is what reading uses.
 */
public final class AnalyticsRecordJson {

    private static final ObjectReader READER = Json.mapper().readerFor(AnalyticsRecord.class)
            .without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** One buffer per thread for {@link #writeUtf8}: the gateway's event loops write a record per request. */
    private static final ThreadLocal<JsonBytes> SCRATCH = ThreadLocal.withInitial(() -> new JsonBytes(1_024));
    private static final byte[] ID = JsonBytes.name("id");
    private static final byte[] TIME = JsonBytes.name("time");
    private static final byte[] GATEWAY = JsonBytes.name("gateway");
    private static final byte[] PROXY = JsonBytes.name("proxy");
    private static final byte[] HTTP_METHOD = JsonBytes.name("httpMethod");
    private static final byte[] PATH = JsonBytes.name("path");
    private static final byte[] STATUS = JsonBytes.name("status");
    private static final byte[] LATENCY_MICROS = JsonBytes.name("latencyMicros");
    private static final byte[] UPSTREAM_LATENCY_MICROS = JsonBytes.name("upstreamLatencyMicros");
    private static final byte[] BYTES_IN = JsonBytes.name("bytesIn");
    private static final byte[] BYTES_OUT = JsonBytes.name("bytesOut");
    private static final byte[] CONSUMER_TYPE = JsonBytes.name("consumerType");
    private static final byte[] KEY_ID = JsonBytes.name("keyId");
    private static final byte[] ALIAS = JsonBytes.name("alias");
    private static final byte[] MCP_METHOD = JsonBytes.name("mcpMethod");
    private static final byte[] MCP_PRIMITIVE_TYPE = JsonBytes.name("mcpPrimitiveType");
    private static final byte[] MCP_PRIMITIVE_NAME = JsonBytes.name("mcpPrimitiveName");
    private static final byte[] MCP_ERROR_CODE = JsonBytes.name("mcpErrorCode");
    private static final byte[] ERROR_REASON = JsonBytes.name("errorReason");
    private static final byte[] SESSION_ID_HASH = JsonBytes.name("sessionIdHash");
    private static final byte[] TRACE_ID = JsonBytes.name("traceId");
    private static final byte[] UPSTREAM_ERROR_CODE = JsonBytes.name("upstreamErrorCode");
    private static final byte[] TOOL_ERROR = JsonBytes.name("toolError");
    private static final byte[] TRUNCATED = JsonBytes.name("truncated");
    private static final byte[] PROTOCOL_VERSION = JsonBytes.name("protocolVersion");
    private static final byte[] MEMBER = JsonBytes.name("member");

    private AnalyticsRecordJson() {
    }

    /**
     * The record's JSON as text: {@link #writeUtf8}'s bytes decoded (a lone surrogate, which UTF-8 cannot carry, is
     * {@code ?} there and here).
     */
    public static String write(AnalyticsRecord record) {
        return new String(writeUtf8(record), StandardCharsets.UTF_8);
    }

    /**
     * The record's JSON in UTF-8, what the gateway sends to Redis: written directly into bytes ({@link JsonBytes}),
     * field by field, with no generator and no reflection.
     */
    public static byte[] writeUtf8(AnalyticsRecord record) {
        JsonBytes out = SCRATCH.get().reset();
        fields(out, record);
        return out.toByteArray();
    }

    private static void fields(JsonBytes out, AnalyticsRecord record) {
        out.startObject();
        out.stringField(ID, record.id());
        out.instantField(TIME, record.time());
        out.stringField(GATEWAY, record.gateway());
        out.stringField(PROXY, record.proxy());
        out.stringField(HTTP_METHOD, record.httpMethod());
        out.stringField(PATH, record.path());
        out.numberField(STATUS, record.status());
        out.numberField(LATENCY_MICROS, record.latencyMicros());
        if (record.upstreamLatencyMicros() != null) {
            out.numberField(UPSTREAM_LATENCY_MICROS, record.upstreamLatencyMicros());
        }
        out.numberField(BYTES_IN, record.bytesIn());
        out.numberField(BYTES_OUT, record.bytesOut());
        out.stringField(CONSUMER_TYPE, record.consumerType());
        out.stringField(KEY_ID, record.keyId());
        out.stringField(ALIAS, record.alias());
        out.stringField(MCP_METHOD, record.mcpMethod());
        out.stringField(MCP_PRIMITIVE_TYPE, record.mcpPrimitiveType());
        out.stringField(MCP_PRIMITIVE_NAME, record.mcpPrimitiveName());
        if (record.mcpErrorCode() != null) {
            out.numberField(MCP_ERROR_CODE, record.mcpErrorCode());
        }
        out.stringField(ERROR_REASON, record.errorReason());
        out.stringField(SESSION_ID_HASH, record.sessionIdHash());
        out.stringField(TRACE_ID, record.traceId());
        if (record.upstreamErrorCode() != null) {
            out.numberField(UPSTREAM_ERROR_CODE, record.upstreamErrorCode());
        }
        out.booleanField(TOOL_ERROR, record.toolError());
        if (record.truncated()) {
            out.booleanField(TRUNCATED, true);
        }
        out.stringField(PROTOCOL_VERSION, record.protocolVersion());
        out.stringField(MEMBER, record.member());
        out.endObject();
    }

    /**
     * Parses one stream entry: a record in the form {@link #write} gives in one streaming pass
     * ({@link CanonicalRecordReader}), anything else with the data binder.
     *
     * @throws IllegalArgumentException when {@code json} is not a valid record (malformed, or a required field
     *                                  missing); the message never quotes the content
     */
    public static AnalyticsRecord read(String json) {
        if (json == null) {
            throw new IllegalArgumentException("no record");
        }
        AnalyticsRecord plain = CanonicalRecordReader.read(json);
        if (plain != null) {
            return plain;
        }
        try {
            AnalyticsRecord record = READER.readValue(json);
            if (record == null) {
                throw new IllegalArgumentException("no record");
            }
            return record;
        } catch (JsonProcessingException | RuntimeException e) {
            throw new IllegalArgumentException("not an analytics record: " + e.getClass().getSimpleName());
        }
    }
}
