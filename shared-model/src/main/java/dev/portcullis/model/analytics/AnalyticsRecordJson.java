package dev.portcullis.model.analytics;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.portcullis.model.json.Json;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;

/**
 * The analytics stream's wire form of an {@link AnalyticsRecord}: camelCase JSON, nulls omitted. Reading ignores
 * fields it does not know, because ADR 0003 lets a newer gateway add fields that an older control plane must still
 * ingest. Thread-safe.
 *
 * <p>Written field by field with a streaming generator (every gateway request writes one, so no bean
 * introspection or reflective getter calls); {@code AnalyticsRecordJsonTest} keeps it equal to the record's Jackson
 * form, which is what reading uses.
 */
public final class AnalyticsRecordJson {

    private static final JsonFactory FACTORY = new JsonFactory();
    private static final ObjectReader READER = Json.mapper().readerFor(AnalyticsRecord.class)
            .without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private AnalyticsRecordJson() {
    }

    public static String write(AnalyticsRecord record) {
        StringWriter out = new StringWriter(512);
        try (JsonGenerator json = FACTORY.createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("id", record.id());
            json.writeStringField("time", record.time().toString());
            json.writeStringField("gateway", record.gateway());
            string(json, "proxy", record.proxy());
            json.writeStringField("httpMethod", record.httpMethod());
            json.writeStringField("path", record.path());
            json.writeNumberField("status", record.status());
            json.writeNumberField("latencyMicros", record.latencyMicros());
            if (record.upstreamLatencyMicros() != null) {
                json.writeNumberField("upstreamLatencyMicros", record.upstreamLatencyMicros());
            }
            json.writeNumberField("bytesIn", record.bytesIn());
            json.writeNumberField("bytesOut", record.bytesOut());
            string(json, "consumerType", record.consumerType());
            string(json, "keyId", record.keyId());
            string(json, "alias", record.alias());
            string(json, "mcpMethod", record.mcpMethod());
            string(json, "mcpPrimitiveType", record.mcpPrimitiveType());
            string(json, "mcpPrimitiveName", record.mcpPrimitiveName());
            if (record.mcpErrorCode() != null) {
                json.writeNumberField("mcpErrorCode", record.mcpErrorCode());
            }
            string(json, "errorReason", record.errorReason());
            string(json, "sessionIdHash", record.sessionIdHash());
            string(json, "traceId", record.traceId());
            if (record.upstreamErrorCode() != null) {
                json.writeNumberField("upstreamErrorCode", record.upstreamErrorCode());
            }
            json.writeBooleanField("toolError", record.toolError());
            if (record.truncated()) {
                json.writeBooleanField("truncated", true);
            }
            string(json, "protocolVersion", record.protocolVersion());
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static void string(JsonGenerator json, String field, String value) throws IOException {
        if (value != null) {
            json.writeStringField(field, value);
        }
    }

    /**
     * Parses one stream entry.
     *
     * @throws IllegalArgumentException when {@code json} is not a valid record (malformed, or a required field
     *                                  missing); the message never quotes the content
     */
    public static AnalyticsRecord read(String json) {
        if (json == null) {
            throw new IllegalArgumentException("no record");
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
