package dev.portcullis.gateway.observe.accesslog;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.portcullis.model.analytics.AnalyticsRecord;
import dev.portcullis.model.analytics.AnalyticsRecordJson;
import dev.portcullis.model.json.IsoInstant;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;

/**
 * One access-log line (ADR 0003): a JSON object with snake_case fields, latencies in milliseconds
 * with three decimals, absent values omitted, no trailing newline. Written field by field with a streaming
 * generator (no reflection). Stateless and thread-safe.
 */
public final class AccessLogLine {

    private static final JsonFactory JSON = new JsonFactory();

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
     * member); null for an agent's own request.
     */
    public static String of(AnalyticsRecord record, String target, String legOf) {
        StringWriter out = new StringWriter(512);
        try (JsonGenerator json = JSON.createGenerator(out)) {
            fields(json, record, target, legOf);
        } catch (IOException e) {
            throw new UncheckedIOException("writing JSON to a string cannot fail", e);
        }
        return out.toString();
    }

    /**
     * Appends the line and a {@code '\n'} to {@code out} in UTF-8: the bytes of {@link #of} and a newline, written
     * directly instead of through a string unless a string of the record holds a surrogate
     * ({@link AnalyticsRecordJson#bmpOnly}).
     */
    public static void appendTo(ByteArrayOutputStream out, AnalyticsRecord record) {
        appendTo(out, record, null);
    }

    /** {@link #appendTo(ByteArrayOutputStream, AnalyticsRecord)} naming the upstream target ({@link #of(AnalyticsRecord, String)}). */
    public static void appendTo(ByteArrayOutputStream out, AnalyticsRecord record, String target) {
        appendTo(out, record, target, null);
    }

    /** Same, for a member leg of virtual server {@code legOf} ({@link #of(AnalyticsRecord, String, String)}). */
    public static void appendTo(ByteArrayOutputStream out, AnalyticsRecord record, String target, String legOf) {
        if (!AnalyticsRecordJson.bmpOnly(record) || hasSurrogate(target) || hasSurrogate(legOf)) {
            out.writeBytes(of(record, target, legOf).getBytes(StandardCharsets.UTF_8));
        } else {
            try (JsonGenerator json = JSON.createGenerator(out, JsonEncoding.UTF8)) {
                fields(json, record, target, legOf);
            } catch (IOException e) {
                throw new UncheckedIOException("writing JSON to memory cannot fail", e);
            }
        }
        out.write('\n');
    }

    /** Whether {@code text} holds a surrogate, without the stream {@code chars()} would build for every line. */
    private static boolean hasSurrogate(String text) {
        if (text == null) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            if (Character.isSurrogate(text.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    private static void fields(JsonGenerator json, AnalyticsRecord record, String target, String legOf)
            throws IOException {
        json.writeStartObject();
        IsoInstant.writeField(json, "time", record.time());
        json.writeStringField("gateway", record.gateway());
        string(json, "proxy", record.proxy());
        string(json, "member", record.member());
        string(json, "virtual_server", legOf);
        json.writeStringField("method", record.httpMethod());
        json.writeStringField("path", record.path());
        json.writeNumberField("status", record.status());
        json.writeNumberField("latency_ms", millis(record.latencyMicros()));
        if (record.upstreamLatencyMicros() != null) {
            json.writeNumberField("upstream_latency_ms", millis(record.upstreamLatencyMicros()));
        }
        string(json, "upstream_target", target);
        json.writeNumberField("bytes_in", record.bytesIn());
        json.writeNumberField("bytes_out", record.bytesOut());
        string(json, "key_id", record.keyId());
        string(json, "alias", record.alias());
        string(json, "consumer_type", record.consumerType());
        string(json, "mcp_method", record.mcpMethod());
        string(json, "mcp_protocol_version", record.protocolVersion());
        string(json, "mcp_primitive_type", record.mcpPrimitiveType());
        string(json, "mcp_primitive_name", record.mcpPrimitiveName());
        if (record.mcpErrorCode() != null) {
            json.writeNumberField("mcp_error_code", record.mcpErrorCode());
        }
        string(json, "error_reason", record.errorReason());
        string(json, "session_id_hash", record.sessionIdHash());
        string(json, "trace_id", record.traceId());
        json.writeStringField("record_id", record.id());
        if (record.truncated()) {
            json.writeBooleanField("truncated", true);
        }
        json.writeEndObject();
    }

    private static BigDecimal millis(long micros) {
        return BigDecimal.valueOf(micros, 3);
    }

    private static void string(JsonGenerator json, String field, String value) throws IOException {
        if (value != null) {
            json.writeStringField(field, value);
        }
    }
}
