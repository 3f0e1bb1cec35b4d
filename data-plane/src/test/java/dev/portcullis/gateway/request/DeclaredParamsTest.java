package dev.portcullis.gateway.request;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portcullis.gateway.error.GatewayError;
import dev.portcullis.model.json.Json;
import dev.portcullis.model.jsonrpc.JsonRpcErrorCodes;
import io.vertx.core.MultiMap;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DeclaredParamsTest {

    private static final DeclaredParams SQL = DeclaredParams.of(json("""
            {"type":"object","properties":{
              "region":{"type":"string","x-mcp-header":"Region"},
              "query":{"type":"string"},
              "limit":{"type":"integer","x-mcp-header":"Limit"},
              "dry":{"type":"boolean","x-mcp-header":"Dry-Run"},
              "target":{"type":"object","properties":{"zone":{"type":"string","x-mcp-header":"Zone"}}},
              "tags":{"type":"array","items":{"type":"object","properties":{"t":{"x-mcp-header":"Tag"}}}},
              "bad":{"type":"string","x-mcp-header":"Bad Name"},
              "again":{"type":"string","x-mcp-header":"region"}}}"""));

    private static JsonNode json(String text) {
        try {
            return Json.mapper().readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static MultiMap headers(String... pairs) {
        MultiMap headers = MultiMap.caseInsensitiveMultiMap();
        for (int i = 0; i < pairs.length; i += 2) {
            headers.add(pairs[i], pairs[i + 1]);
        }
        return headers;
    }

    private static Optional<GatewayError> check(String arguments, String... pairs) {
        return SQL.check(headers(pairs), json(arguments));
    }

    @Test
    void findsAnnotationsReachedThroughPropertiesOnlyAndIgnoresInvalidOrRepeatedNames() {
        assertThat(SQL.headers()).containsExactly("Mcp-Param-Region", "Mcp-Param-Limit", "Mcp-Param-Dry-Run",
                "Mcp-Param-Zone");
        assertThat(DeclaredParams.of(json("{\"type\":\"object\"}")).isEmpty()).isTrue();
        assertThat(DeclaredParams.of(null).isEmpty()).isTrue();
    }

    @Test
    void acceptsHeadersThatMirrorTheArguments() {
        assertThat(check("""
                {"region":"us-west1","limit":42,"dry":false,"target":{"zone":"b"},"query":"x"}""",
                "mcp-param-region", "us-west1", "Mcp-Param-Limit", "42.0", "Mcp-Param-Dry-Run", "false",
                "Mcp-Param-Zone", "b")).isEmpty();
    }

    @Test
    void acceptsNoHeaderForAnAbsentOrNullArgument() {
        assertThat(check("{\"region\":null,\"query\":\"x\"}")).isEmpty();
    }

    @Test
    void decodesBase64ValuesBeforeComparing() {
        assertThat(check("{\"region\":\"Hello, 世界\"}", "Mcp-Param-Region", "=?base64?SGVsbG8sIOS4lueVjA==?="))
                .isEmpty();
    }

    @Test
    void refusesAHeaderThatDisagreesWithTheArgument() {
        Optional<GatewayError> error = check("{\"region\":\"eu\"}", "Mcp-Param-Region", "us");

        assertThat(error).get().satisfies(e -> {
            assertThat(e.httpStatus()).isEqualTo(400);
            assertThat(e.code()).isEqualTo(JsonRpcErrorCodes.HEADER_MISMATCH);
            assertThat(e.message()).isEqualTo("Header mismatch: Mcp-Param-Region does not match the request body");
            assertThat(e.data().get("header").asText()).isEqualTo("Mcp-Param-Region");
        });
    }

    @Test
    void refusesAMissingHeaderWhenTheArgumentIsThere() {
        assertThat(check("{\"target\":{\"zone\":\"a\"}}")).get()
                .extracting(GatewayError::message).isEqualTo("Header mismatch: Mcp-Param-Zone is missing");
    }

    @Test
    void refusesAHeaderWithoutItsArgumentAMalformedOneAndAWrongNumber() {
        assertThat(check("{}", "Mcp-Param-Region", "us")).get().extracting(GatewayError::message)
                .isEqualTo("Header mismatch: Mcp-Param-Region does not match the request body");
        assertThat(check("{\"region\":\"é\"}", "Mcp-Param-Region", "=?base64?***?=")).get()
                .extracting(GatewayError::message).isEqualTo("Header mismatch: Mcp-Param-Region is malformed");
        assertThat(check("{\"limit\":7}", "Mcp-Param-Limit", "seven")).isPresent();
        assertThat(check("{\"dry\":true}", "Mcp-Param-Dry-Run", "TRUE")).isPresent();
    }
}
