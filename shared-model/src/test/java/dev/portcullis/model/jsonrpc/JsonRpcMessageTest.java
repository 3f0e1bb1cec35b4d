package dev.portcullis.model.jsonrpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.portcullis.model.json.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JsonRpcMessageTest {

    private static JsonRpcMessage parse(String json) {
        return JsonRpcMessage.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    private static void assertRejected(String json, int code, String message) {
        assertThatThrownBy(() -> parse(json))
                .isInstanceOfSatisfying(JsonRpcParseException.class, e -> assertThat(e.code()).isEqualTo(code))
                .hasMessage(message);
    }

    @Test
    void classifiesARequestAndReadsItsRoutingParameter() {
        JsonRpcMessage message = parse("""
                {"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":"get_users","arguments":{}}}""");

        assertThat(message).isInstanceOfSatisfying(JsonRpcMessage.Request.class, request -> {
            assertThat(request.id()).isEqualTo(IntNode.valueOf(7));
            assertThat(request.method()).isEqualTo("tools/call");
            assertThat(request.paramString("name")).contains("get_users");
            assertThat(request.paramString("uri")).isEmpty();
        });
    }

    @Test
    void readsOnlyStringRoutingParameters() {
        JsonRpcMessage.Request request = (JsonRpcMessage.Request) parse("""
                {"jsonrpc":"2.0","id":"a","method":"resources/read","params":{"uri":42}}""");
        JsonRpcMessage.Request withoutParams = (JsonRpcMessage.Request) parse("""
                {"jsonrpc":"2.0","id":"a","method":"resources/read"}""");

        assertThat(request.id()).isEqualTo(TextNode.valueOf("a"));
        assertThat(request.paramString("uri")).isEmpty();
        assertThat(withoutParams.params()).isNull();
        assertThat(withoutParams.paramString("uri")).isEmpty();
    }

    @Test
    void classifiesANotification() {
        assertThat(parse("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}"))
                .isEqualTo(new JsonRpcMessage.Notification("notifications/initialized", null));
    }

    @Test
    void classifiesClientResponses() {
        assertThat(parse("{\"jsonrpc\":\"2.0\",\"id\":3,\"result\":{\"roots\":[]}}"))
                .isInstanceOfSatisfying(JsonRpcMessage.Response.class, r -> assertThat(r.isError()).isFalse());
        assertThat(parse("{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-1,\"message\":\"no\"}}"))
                .isInstanceOfSatisfying(JsonRpcMessage.Response.class, r -> assertThat(r.isError()).isTrue());
        assertThat(parse("{\"jsonrpc\":\"2.0\",\"id\":3,\"result\":null}"))
                .isInstanceOf(JsonRpcMessage.Response.class);
    }

    @Test
    void refusesBatches() {
        assertRejected("[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}]", -32600, "batch requests are not supported");
    }

    @Test
    void reportsBodiesThatAreNotJsonAsParseErrors() {
        assertRejected("{\"jsonrpc\":", -32700, "parse error: body is not valid JSON");
        assertRejected("", -32700, "parse error: body is empty");
        assertRejected("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"a\",\"method\":\"b\"}", -32700,
                "parse error: body is not valid JSON");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "42",
            "{\"id\":1,\"method\":\"ping\"}",
            "{\"jsonrpc\":\"1.0\",\"id\":1,\"method\":\"ping\"}",
            "{\"jsonrpc\":\"2.0\",\"id\":null,\"method\":\"ping\"}",
            "{\"jsonrpc\":\"2.0\",\"id\":{},\"method\":\"ping\"}",
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":7}",
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"params\":\"x\"}",
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"result\":{}}",
            "{\"jsonrpc\":\"2.0\",\"id\":1}",
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{},\"error\":{}}",
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"error\":\"bad\"}",
            "{\"jsonrpc\":\"2.0\"}"})
    void refusesMalformedMessagesAsInvalidRequests(String json) {
        assertThatThrownBy(() -> parse(json))
                .isInstanceOfSatisfying(JsonRpcParseException.class,
                        e -> assertThat(e.code()).isEqualTo(JsonRpcErrorCodes.INVALID_REQUEST));
    }

    @Test
    void keepsTheIdOfAnInvalidRequestForTheErrorResponse() {
        assertThatThrownBy(() -> parse("{\"jsonrpc\":\"1.0\",\"id\":\"abc\",\"method\":\"ping\"}"))
                .isInstanceOfSatisfying(JsonRpcParseException.class,
                        e -> assertThat(e.id()).isEqualTo(TextNode.valueOf("abc")));
        assertThatThrownBy(() -> parse("[]"))
                .isInstanceOfSatisfying(JsonRpcParseException.class, e -> assertThat(e.id().isNull()).isTrue());
    }

    @Test
    void buildsTheGatewayErrorBody() throws IOException {
        ObjectNode body = JsonRpcError.body(IntNode.valueOf(7), JsonRpcErrorCodes.RATE_LIMITED, "rate limit exceeded",
                "proxy_rate_limit", 429);

        JsonNode expected = Json.mapper().readTree("""
                {"jsonrpc":"2.0","id":7,"error":{"code":-32003,"message":"rate limit exceeded",
                 "data":{"reason":"proxy_rate_limit","httpStatus":429}}}""");
        assertThat(body).isEqualTo(expected);
        assertThat(JsonRpcError.body(null, -32700, "parse error", "not_json", 400).get("id").isNull()).isTrue();
    }
}
