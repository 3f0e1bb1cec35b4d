package dev.portcullis.gateway.filter;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.portcullis.model.json.Json;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;

/**
 * What an {@link UpstreamMessage} is, by its top-level members: {@code method} and {@code id} (as nodes, null when
 * absent), whether {@code result} and {@code error} are present, {@code error.code} when it is an integer, and whether
 * {@code result.isError} is the literal {@code true}. Immutable.
 */
record MessageFacts(JsonNode method, JsonNode id, boolean hasResult, boolean hasError, Integer errorCode,
                    boolean toolError) {

    /** Reads one member's value as a tree, in the middle of the message (so without the trailing-token check). */
    private static final ObjectReader MEMBER = Json.mapper().readerFor(JsonNode.class)
            .without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    /** The message is not one JSON object (or not JSON at all). */
    static final MessageFacts NOT_AN_OBJECT = new MessageFacts(null, null, false, false, null, false);

    /** The message is a JSON array (a JSON-RPC batch); its members are not read. */
    static final MessageFacts AN_ARRAY = new MessageFacts(null, null, false, false, null, false);

    /** The facts of a parsed message. */
    static MessageFacts of(JsonNode message) {
        JsonNode code = message.path("error").get("code");
        return new MessageFacts(message.get("method"), message.get("id"), message.has("result"),
                message.has("error"), code != null && code.isInt() ? code.intValue() : null,
                // Only the JSON literal true: asBoolean would also take "true" and 1.
                message.path("result").path("isError").booleanValue());
    }

    /**
     * The facts of a message's text in one streaming pass that builds no tree for the members it does not read.
     * Parsed by the same mapper with the same outcome as {@link ObjectMapper#readTree}: a duplicate name or anything
     * after the object makes it {@link #NOT_AN_OBJECT}.
     */
    static MessageFacts read(String text, Buffer bytes) {
        ObjectMapper mapper = Json.mapper();
        try (JsonParser parser = text != null ? mapper.createParser(text) : mapper.createParser(bytes.getBytes())) {
            JsonToken first = parser.nextToken();
            if (first != JsonToken.START_OBJECT) {
                return first == JsonToken.START_ARRAY ? AN_ARRAY : NOT_AN_OBJECT;
            }
            JsonNode method = null;
            JsonNode id = null;
            boolean hasResult = false;
            boolean hasError = false;
            Integer errorCode = null;
            boolean toolError = false;
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                switch (name) {
                    case "method" -> method = node(parser, value);
                    case "id" -> id = node(parser, value);
                    case "result" -> {
                        hasResult = true;
                        toolError = value == JsonToken.START_OBJECT ? toolError(parser) : skip(parser);
                    }
                    case "error" -> {
                        hasError = true;
                        errorCode = value == JsonToken.START_OBJECT ? code(parser) : null;
                        parser.skipChildren();
                    }
                    default -> parser.skipChildren();
                }
            }
            if (parser.currentToken() != JsonToken.END_OBJECT || parser.nextToken() != null) {
                return NOT_AN_OBJECT;
            }
            return new MessageFacts(method, id, hasResult, hasError, errorCode, toolError);
        } catch (IOException | RuntimeException e) {
            return NOT_AN_OBJECT;
        }
    }

    /** Reads one member's value; the parser is at the value's first token. */
    private interface ValueReader<T> {
        T read(JsonParser parser, JsonToken value) throws IOException;
    }

    /**
     * At an object's start: what {@code reader} makes of its member {@code name}, null when it has none; leaves the
     * parser at the object's end.
     */
    private static <T> T member(JsonParser parser, String name, ValueReader<T> reader) throws IOException {
        T found = null;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            boolean named = name.equals(parser.currentName());
            JsonToken value = parser.nextToken();
            if (named) {
                found = reader.read(parser, value);
            }
            parser.skipChildren();
        }
        return found;
    }

    /** At a result object's start: whether its {@code isError} is the literal {@code true}. */
    private static boolean toolError(JsonParser parser) throws IOException {
        return Boolean.TRUE.equals(member(parser, "isError", (p, value) -> value == JsonToken.VALUE_TRUE));
    }

    /** At an error object's start: its {@code code} when that is an integer, else null. */
    private static Integer code(JsonParser parser) throws IOException {
        return member(parser, "code", (p, value) -> value == JsonToken.VALUE_NUMBER_INT
                && p.getNumberType() == JsonParser.NumberType.INT ? Integer.valueOf(p.getIntValue()) : null);
    }

    private static boolean skip(JsonParser parser) throws IOException {
        parser.skipChildren();
        return false;
    }

    private static JsonNode node(JsonParser parser, JsonToken value) throws IOException {
        return value == JsonToken.VALUE_NULL ? NullNode.getInstance() : MEMBER.readTree(parser);
    }
}
