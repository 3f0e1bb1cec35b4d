package dev.portcullis.model.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.portcullis.model.Fixtures;
import dev.portcullis.model.json.Json;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Context variables in header transforms and body edits: what a definition may say, refused with its field. */
class TransformValidationTest {

    private final ObjectNode proxy = Fixtures.tree("spec-proxy.json");

    private List<String> errors() {
        return Fixtures.errors(ProxyDefinition::parse, proxy);
    }

    private ObjectNode tool(String json) throws Exception {
        ObjectNode entry = (ObjectNode) Json.mapper().readTree(json);
        ((ObjectNode) proxy.get("tools")).set("get_users", entry);
        return entry;
    }

    @Test
    void acceptsKnownVariablesEverywhereATemplateMayBe() throws Exception {
        ((ObjectNode) proxy.at("/global/transformRequestHeaders")).putObject("add")
                .put("X-Consumer", "${consumer.alias}").put("X-Team", "${jwt.claims.team}");
        ((ObjectNode) proxy.at("/global/transformResponseHeaders")).putObject("add").put("X-Proxy", "${proxy.id}");
        tool("""
                {"transformRequestHeaders":{"add":{"X-Tool":"${mcp.primitive} via ${request.clientIp}"}},
                 "transformRequestBody":[
                   {"op":"set","path":"/owner","value":"${consumer.id}"},
                   {"op":"default","path":"/options/limit","value":10},
                   {"op":"remove","path":"/debug"},
                   {"op":"rename","from":"/q","path":"/query"}]}""");

        assertThat(errors()).isEmpty();
    }

    @Test
    void refusesAnUnknownVariableNamingTheField() {
        ((ObjectNode) proxy.at("/global/transformRequestHeaders")).putObject("add").put("X-Consumer",
                "${consumer.name}");

        assertThat(errors()).singleElement().asString()
                .startsWith("global.transformRequestHeaders.add.X-Consumer: unknown variable '${consumer.name}'");
    }

    @Test
    void refusesAnUnknownVariableInAPrimitivesBodyEdit() throws Exception {
        tool("""
                {"transformRequestBody":[{"op":"set","path":"/owner","value":"${consumer.nickname}"}]}""");

        assertThat(errors()).singleElement().asString()
                .startsWith("tools.get_users.transformRequestBody[0].value: unknown variable");
    }

    @Test
    void refusesSecretsWhereTheyWouldReachTheAgentOrTheArguments() throws Exception {
        ((ObjectNode) proxy.at("/global/transformResponseHeaders")).putObject("add").put("X-Leak", "${secret:pat}");
        tool("""
                {"transformRequestBody":[{"op":"set","path":"/token","value":"${secret:pat}"}]}""");

        assertThat(errors()).containsExactlyInAnyOrder(
                "global.transformResponseHeaders.add.X-Leak: ${secret:...} is only allowed in transformRequestHeaders",
                "tools.get_users.transformRequestBody[0].value: ${secret:...} is only allowed in"
                        + " transformRequestHeaders");
    }

    @Test
    void refusesCopyingTheProxysKeyHeader() {
        ((ObjectNode) proxy.at("/authentication/authToken")).put("header", "X-Api-Key");
        ((ObjectNode) proxy.at("/global/transformRequestHeaders")).putObject("add").put("X-Copy",
                "${request.header.x-api-key}");

        assertThat(errors()).containsExactly(
                "global.transformRequestHeaders.add.X-Copy: ${request.header.x-api-key} would copy the agent's key");
    }

    @Test
    void refusesMalformedBodyEditsFieldByField() throws Exception {
        tool("""
                {"transformRequestBody":[
                   {"op":"replace","path":"/a"},
                   {"op":"set","path":"a"},
                   {"op":"remove","path":"/a//b","value":1},
                   {"op":"rename","path":"/a","from":"/a/b"},
                   {"op":"default","path":"/a/b/c/d/e/f/g/h/i","value":1},
                   {"op":"set","path":"/a~2","value":1},
                   {"op":"remove","path":"/a","from":"/b"}]}""");

        assertThat(errors()).containsExactly(
                "tools.get_users.transformRequestBody[0].op: must be one of set, default, remove, rename",
                "tools.get_users.transformRequestBody[1].path: must be a JSON Pointer starting with '/' (relative to"
                        + " params.arguments)",
                "tools.get_users.transformRequestBody[1].value: is required for set",
                "tools.get_users.transformRequestBody[2].path: must not have an empty segment",
                "tools.get_users.transformRequestBody[2].value: is not used by remove",
                "tools.get_users.transformRequestBody[3].from: must not be path, nor inside it, nor contain it",
                "tools.get_users.transformRequestBody[4].path: must have at most 8 segments",
                "tools.get_users.transformRequestBody[5].path: '~' must be written ~0 ('/' is ~1)",
                "tools.get_users.transformRequestBody[6].from: is only used by rename");
    }

    @Test
    void boundsTheNumberOfEditsAndTheSizeOfValues() throws Exception {
        StringBuilder edits = new StringBuilder();
        for (int i = 0; i <= BodyEdit.MAX_EDITS; i++) {
            edits.append(i == 0 ? "" : ",").append("{\"op\":\"remove\",\"path\":\"/a").append(i).append("\"}");
        }
        tool("{\"transformRequestBody\":[" + edits + "]}");
        assertThat(errors()).containsExactly("tools.get_users.transformRequestBody: must have at most 32 edits");

        tool("{\"transformRequestBody\":[{\"op\":\"set\",\"path\":\"/a\",\"value\":\"" + "x".repeat(9000) + "\"}]}");
        assertThat(errors()).containsExactly(
                "tools.get_users.transformRequestBody[0].value: must be at most 8192 bytes of JSON");
    }

    @Test
    void bodyEditsOnlyWhereACallCarriesArguments() throws Exception {
        ((ObjectNode) proxy.get("resources")).set("users://*", Json.mapper().readTree("""
                {"transformRequestBody":[{"op":"remove","path":"/a"}]}"""));
        ((ObjectNode) proxy.get("operations")).set("resources/read", Json.mapper().readTree("""
                {"transformRequestBody":[{"op":"remove","path":"/a"}]}"""));
        ((ObjectNode) proxy.get("operations")).set("prompts/get", Json.mapper().readTree("""
                {"transformRequestBody":[{"op":"remove","path":"/a"}]}"""));

        assertThat(errors()).containsExactlyInAnyOrder(
                "resources.users://*.transformRequestBody: only tools, prompts and the tools/call and prompts/get"
                        + " operations carry params.arguments",
                "operations.resources/read.transformRequestBody: only tools, prompts and the tools/call and"
                        + " prompts/get operations carry params.arguments");
    }

    @Test
    void aDefinitionWithBodyEditsRoundTripsThroughJson() throws Exception {
        tool("""
                {"transformRequestBody":[{"op":"set","path":"/owner","value":null},
                                         {"op":"rename","from":"/q","path":"/query"}]}""");
        ProxyDefinition parsed = ProxyDefinition.parse(Json.write(proxy));

        ProxyDefinition again = ProxyDefinition.parse(Json.write(parsed));

        assertThat(again).isEqualTo(parsed);
        assertThat(again.tools().get("get_users").transformRequestBody().get(0).value().isNull()).isTrue();
    }
}
