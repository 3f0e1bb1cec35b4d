package dev.portcullis.model.json;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The one configured {@link ObjectMapper} both planes use for definitions, snapshots and JSON-RPC.
 *
 * <p>Strict on input, because a silently ignored or coerced field in a gateway configuration is a security bug:
 * unknown properties fail, duplicate keys fail (two {@code "name"} keys could route one tool and call another),
 * trailing content fails, and scalars are not coerced ({@code "30000"} is not a number, {@code 1.5} is not an
 * integer). On output nulls are omitted and instants are ISO-8601 strings.
 *
 * <p>The mapper is thread-safe and shared; never reconfigure it. Use {@code mapper().copy()} if you need changes.
 */
public final class Json {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .build();

    /**
     * Reads trees by the mapper's rules, a duplicate name in any object failing as with the mapper, but found as the
     * tree is built (a member that replaces another) instead of by the parser, which keeps a set of every object's
     * names for it, in trees and in the values it skips alike.
     */
    private static final ObjectReader TREES = MAPPER.copy()
            .disable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION) // ObjectReader.without(...) would keep the set
            .reader()
            .with(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);

    private Json() {
    }

    /**
     * {@code mapper().readTree(json)}, with the same outcome for every input (a tree, a missing node for no content,
     * or an exception for invalid JSON, a duplicate name or trailing content), at a lower cost.
     */
    public static JsonNode readTree(byte[] json) throws IOException {
        return TREES.readTree(json);
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** Serializes a value as UTF-8 JSON; the records of this module always serialize. */
    public static byte[] write(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
