package dev.portcullis.model.analytics;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import dev.portcullis.model.json.IsoInstant;
import dev.portcullis.model.json.Json;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

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
            fields(json, record);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /**
     * The bytes of {@link #write}'s JSON in UTF-8 (what the gateway sends to Redis), written directly instead of
     * through a string. A record with a surrogate in a string takes the string path: the byte generator would
     * escape a character outside the BMP as two escaped surrogates where the string path writes its four bytes.
     */
    public static byte[] writeUtf8(AnalyticsRecord record) {
        if (!bmpOnly(record)) {
            return write(record).getBytes(StandardCharsets.UTF_8);
        }
        ByteArrayBuilder out = new ByteArrayBuilder(512);
        try (JsonGenerator json = FACTORY.createGenerator(out, JsonEncoding.UTF8)) {
            fields(json, record);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /**
     * Whether no string of {@code record} holds a surrogate, so that a UTF-8 JSON generator writes the same bytes as
     * a character generator's output encoded in UTF-8.
     */
    public static boolean bmpOnly(AnalyticsRecord record) {
        for (String value : new String[] {record.id(), record.gateway(), record.proxy(), record.httpMethod(),
                record.path(), record.consumerType(), record.keyId(), record.alias(), record.mcpMethod(),
                record.mcpPrimitiveType(), record.mcpPrimitiveName(), record.errorReason(), record.sessionIdHash(),
                record.traceId(), record.protocolVersion(), record.member()}) {
            if (value != null) {
                for (int i = 0; i < value.length(); i++) {
                    if (Character.isSurrogate(value.charAt(i))) {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    private static void fields(JsonGenerator json, AnalyticsRecord record) throws IOException {
        json.writeStartObject();
        json.writeStringField("id", record.id());
        IsoInstant.writeField(json, "time", record.time());
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
        string(json, "member", record.member());
        json.writeEndObject();
    }

    private static void string(JsonGenerator json, String field, String value) throws IOException {
        if (value != null) {
            json.writeStringField(field, value);
        }
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
