package dev.portcullis.gateway.request;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class McpRequestParserTest {

    @Test
    void routesToolCallsByName() {
        McpRoute route = parsed("""
                {"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":"get_users","arguments":{}}}""");

        assertThat(route.kind()).isEqualTo(MessageKind.REQUEST);
        assertThat(route.id().asInt()).isEqualTo(7);
        assertThat(route.method()).isEqualTo("tools/call");
        assertThat(route.primitiveType()).isEqualTo(PrimitiveType.TOOL);
        assertThat(route.primitiveName()).isEqualTo("get_users");
    }

    @Test
    void routesPromptsAndResources() {
        assertThat(parsed("""
                {"jsonrpc":"2.0","id":"a","method":"prompts/get","params":{"name":"user_management"}}"""))
                .extracting(McpRoute::primitiveType, McpRoute::primitiveName)
                .containsExactly(PrimitiveType.PROMPT, "user_management");
        for (String method : new String[] {"resources/read", "resources/subscribe", "resources/unsubscribe"}) {
            assertThat(parsed("""
                    {"jsonrpc":"2.0","id":1,"method":"%s","params":{"uri":"users://list"}}""".formatted(method)))
                    .extracting(McpRoute::primitiveType, McpRoute::primitiveName)
                    .containsExactly(PrimitiveType.RESOURCE, "users://list");
        }
    }

    @Test
    void routesCompletionByItsReference() {
        assertThat(parsed("""
                {"jsonrpc":"2.0","id":1,"method":"completion/complete",
                 "params":{"ref":{"type":"ref/prompt","name":"user_management"},"argument":{"name":"a","value":"b"}}}"""))
                .extracting(McpRoute::primitiveType, McpRoute::primitiveName)
                .containsExactly(PrimitiveType.PROMPT, "user_management");
        assertThat(parsed("""
                {"jsonrpc":"2.0","id":1,"method":"completion/complete",
                 "params":{"ref":{"type":"ref/resource","uri":"users://{id}"},"argument":{"name":"id","value":"1"}}}"""))
                .extracting(McpRoute::primitiveType, McpRoute::primitiveName)
                .containsExactly(PrimitiveType.RESOURCE, "users://{id}");
    }

    @Test
    void classifiesNotificationsAndClientResponses() {
        McpRoute notification = parsed("""
                {"jsonrpc":"2.0","method":"notifications/initialized"}""");
        McpRoute response = parsed("""
                {"jsonrpc":"2.0","id":"srv-1","result":{"roots":[]}}""");

        assertThat(notification.kind()).isEqualTo(MessageKind.NOTIFICATION);
        assertThat(notification.primitiveType()).isEqualTo(PrimitiveType.NONE);
        assertThat(response.kind()).isEqualTo(MessageKind.RESPONSE);
        assertThat(response.method()).isNull();
    }

    @Test
    void leavesOtherMethodsWithoutPrimitive() {
        McpRoute route = parsed("""
                {"jsonrpc":"2.0","id":1,"method":"tools/list"}""");

        assertThat(route.primitiveType()).isEqualTo(PrimitiveType.NONE);
        assertThat(route.primitiveName()).isNull();
    }

    @Test
    void refusesBodiesThatAreNotJson() {
        var failed = failed("hello there");

        assertThat(failed.error().httpStatus()).isEqualTo(400);
        assertThat(failed.error().code()).isEqualTo(-32700);
    }

    @Test
    void refusesBatches() {
        var failed = failed("""
                [{"jsonrpc":"2.0","id":1,"method":"ping"}]""");

        assertThat(failed.error().code()).isEqualTo(-32600);
        assertThat(failed.error().message()).isEqualTo("batch requests are not supported");
    }

    @Test
    void refusesMalformedMessagesKeepingTheirId() {
        var failed = failed("""
                {"jsonrpc":"1.0","id":5,"method":"ping"}""");

        assertThat(failed.error().httpStatus()).isEqualTo(400);
        assertThat(failed.error().code()).isEqualTo(-32600);
        assertThat(failed.id().asInt()).isEqualTo(5);
    }

    @Test
    void refusesRoutedMethodsWithoutAStringName() {
        for (String body : new String[] {
                "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":{}}",
                "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":{\"name\":42}}",
                "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\"}",
                "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"resources/read\",\"params\":{\"name\":\"x\"}}",
                "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"completion/complete\",\"params\":{}}"}) {
            var failed = failed(body);
            assertThat(failed.error().httpStatus()).as(body).isEqualTo(400);
            assertThat(failed.error().code()).as(body).isEqualTo(-32602);
            assertThat(failed.id().asInt()).as(body).isEqualTo(3);
        }
    }

    @Test
    void acceptsNamesAndMethodsOfExactly256Characters() {
        String name = "n".repeat(256);

        assertThat(parsed("""
                {"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"%s"}}""".formatted(name))
                .primitiveName()).isEqualTo(name);
        assertThat(parsed("""
                {"jsonrpc":"2.0","id":1,"method":"%s"}""".formatted(name)).method()).isEqualTo(name);
    }

    @Test
    void refusesAPrimitiveNameLongerThan256CharactersAndKeepsItsRouteCut() {
        String name = "x".repeat(20_000);
        for (String params : new String[] {
                "\"method\":\"tools/call\",\"params\":{\"name\":\"%s\"}",
                "\"method\":\"prompts/get\",\"params\":{\"name\":\"%s\"}",
                "\"method\":\"resources/read\",\"params\":{\"uri\":\"%s\"}",
                "\"method\":\"resources/subscribe\",\"params\":{\"uri\":\"%s\"}",
                "\"method\":\"resources/unsubscribe\",\"params\":{\"uri\":\"%s\"}",
                "\"method\":\"completion/complete\",\"params\":{\"ref\":{\"type\":\"ref/prompt\",\"name\":\"%s\"}}",
                "\"method\":\"completion/complete\",\"params\":{\"ref\":{\"type\":\"ref/resource\",\"uri\":\"%s\"}}"}) {
            var failed = failed("{\"jsonrpc\":\"2.0\",\"id\":3," + params.formatted(name) + "}");
            assertThat(failed.error().httpStatus()).as(params).isEqualTo(400);
            assertThat(failed.error().code()).as(params).isEqualTo(-32602);
            assertThat(failed.error().reason()).as(params).isEqualTo("name_too_long");
            assertThat(failed.error().message()).endsWith("is longer than 256 characters").doesNotContain("xxx");
            assertThat(failed.id().asInt()).isEqualTo(3);
            assertThat(failed.route().primitiveName()).isEqualTo("x".repeat(256));
        }
        assertThat(failed("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"completion/complete\",\"params\":"
                + "{\"ref\":{\"type\":\"ref/resource\",\"uri\":\"%s\"}}}".formatted(name)).error().message())
                .isEqualTo("completion/complete params.ref.uri is longer than 256 characters");
    }

    @Test
    void refusesAMethodLongerThan256CharactersAndKeepsItCut() {
        var failed = failed("""
                {"jsonrpc":"2.0","method":"%s"}""".formatted("m".repeat(300)));

        assertThat(failed.error().httpStatus()).isEqualTo(400);
        assertThat(failed.error().code()).isEqualTo(-32602);
        assertThat(failed.error().reason()).isEqualTo("method_too_long");
        assertThat(failed.route().kind()).isEqualTo(MessageKind.NOTIFICATION);
        assertThat(failed.route().method()).isEqualTo("m".repeat(256));
    }

    @Test
    void refusesMethodsDefinedOnlyAsRequestsWhenTheyComeWithoutAnId() {
        for (String method : new String[] {"tools/call", "prompts/get", "resources/read", "tools/list",
                "initialize", "ping", "completion/complete", "resources/subscribe", "logging/setLevel",
                "sampling/createMessage"}) {
            var failed = failed("""
                    {"jsonrpc":"2.0","method":"%s","params":{"name":"get_users","uri":"users://list"}}"""
                    .formatted(method));

            assertThat(failed.error().httpStatus()).as(method).isEqualTo(400);
            assertThat(failed.error().code()).as(method).isEqualTo(-32600);
            assertThat(failed.error().reason()).as(method).isEqualTo("request_without_id");
            assertThat(failed.id()).as(method).isNull();
        }
    }

    @Test
    void refusesMethodsThatAnotherReaderCouldTakeForADifferentOne() {
        for (String method : new String[] {"prompts/get\\n", "prompts/\\u0085get", "prompts/list\\u2028",
                "tools/call ", " tools/call", "tools/\\u0000call", "Tools/Call", "TOOLS/CALL", "Prompts/get",
                "tools/c\\u0430ll"}) {
            var failed = failed("""
                    {"jsonrpc":"2.0","id":9,"method":"%s","params":{"name":"get_users"}}""".formatted(method));

            assertThat(failed.error().httpStatus()).as(method).isEqualTo(400);
            assertThat(failed.error().code()).as(method).isEqualTo(-32600);
            assertThat(failed.error().reason()).as(method).isEqualTo("invalid_method");
            assertThat(failed.id().asInt()).as(method).isEqualTo(9);
        }
        assertThat(parsed("""
                {"jsonrpc":"2.0","id":1,"method":"acme/Custom_Method"}""").method()).isEqualTo("acme/Custom_Method");
    }

    @Test
    void letsNotificationsAndUnknownMethodsGoWithoutAnId() {
        for (String method : new String[] {"notifications/initialized", "notifications/cancelled",
                "notifications/progress", "notifications/roots/list_changed", "acme/ping"}) {
            assertThat(parsed("""
                    {"jsonrpc":"2.0","method":"%s","params":{}}""".formatted(method)).kind())
                    .as(method).isEqualTo(MessageKind.NOTIFICATION);
        }
    }

    @Test
    void refusesBodiesThatAreNotValidUtf8BeforeReadingThem() {
        byte[][] bodies = {
                toolCallNamed("get", new byte[] {(byte) 0xc1, (byte) 0x9f}, "posts"),
                toolCallNamed("get", new byte[] {(byte) 0xed, (byte) 0xa0, (byte) 0x80}, "posts"),
                toolCallNamed("get", new byte[] {(byte) 0xe0, (byte) 0x81, (byte) 0x9f}, "posts"),
                toolCallNamed("get_posts", new byte[] {(byte) 0xc3}, "")};
        for (byte[] body : bodies) {
            ParseOutcome outcome = McpRequestParser.parse(body);

            assertThat(outcome).isInstanceOf(ParseOutcome.Failed.class);
            var failed = (ParseOutcome.Failed) outcome;
            assertThat(failed.error().httpStatus()).isEqualTo(400);
            assertThat(failed.error().code()).isEqualTo(-32700);
            assertThat(failed.error().reason()).isEqualTo("invalid_utf8");
        }
    }

    @Test
    void routesNamesWrittenInMultiByteUtf8() {
        String name = "caf\u00e9_\u2603_\ud834\udd1e";

        assertThat(parsed("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\""
                + name + "\"}}").primitiveName()).isEqualTo(name);
    }

    /** A tools/call body whose name is {@code before + raw + after}, the raw bytes copied as they are. */
    private static byte[] toolCallNamed(String before, byte[] raw, String after) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        out.writeBytes(("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\""
                + before).getBytes(StandardCharsets.UTF_8));
        out.writeBytes(raw);
        out.writeBytes((after + "\"}}").getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    private static McpRoute parsed(String body) {
        ParseOutcome outcome = McpRequestParser.parse(body.getBytes(StandardCharsets.UTF_8));
        assertThat(outcome).isInstanceOf(ParseOutcome.Parsed.class);
        return ((ParseOutcome.Parsed) outcome).route();
    }

    private static ParseOutcome.Failed failed(String body) {
        ParseOutcome outcome = McpRequestParser.parse(body.getBytes(StandardCharsets.UTF_8));
        assertThat(outcome).isInstanceOf(ParseOutcome.Failed.class);
        return (ParseOutcome.Failed) outcome;
    }
}
