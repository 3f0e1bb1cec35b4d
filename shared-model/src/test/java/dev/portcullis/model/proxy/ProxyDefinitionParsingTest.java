package dev.portcullis.model.proxy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.portcullis.model.Fixtures;
import dev.portcullis.model.json.Json;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ProxyDefinitionParsingTest {

    private static List<String> errors(String json) {
        return Fixtures.errors(ProxyDefinition::parse, json.getBytes(StandardCharsets.UTF_8));
    }

    private static List<String> errors(ObjectNode tree) {
        return Fixtures.errors(ProxyDefinition::parse, tree);
    }

    @Test
    void parsesTheSpecExample() {
        ProxyDefinition proxy = ProxyDefinition.parse(Fixtures.bytes("spec-proxy.json"));

        assertThat(proxy.id()).isEqualTo("mock-mcp");
        assertThat(proxy.listenPath()).isEqualTo("/mock-mcp/");
        assertThat(proxy.upstream().url()).isEqualTo("http://127.0.0.1:7878");
        assertThat(proxy.upstream().authentication().headers())
                .containsEntry("Authorization", "Bearer ${secret:github-pat}");
        assertThat(proxy.authentication().introspection().clientSecret()).isEqualTo("${secret:as-client}");
        assertThat(proxy.operations().get("tools/call").rateLimit()).isEqualTo(new RateLimit(500, 60));
        assertThat(proxy.tools().get("get_users").allow()).isTrue();
        assertThat(proxy.tools().get("delete_user").block()).isTrue();
        assertThat(proxy.resources()).containsOnlyKeys("users://*");
        assertThat(proxy.prompts()).isEmpty();
    }

    @Test
    void roundTripsThroughJsonToAnEqualRecord() {
        ProxyDefinition proxy = ProxyDefinition.parse(Fixtures.bytes("spec-proxy.json"));

        ProxyDefinition again = ProxyDefinition.parse(Json.write(proxy));

        assertThat(again).isEqualTo(proxy);
    }

    @Test
    void roundTripsEveryOptionalBlock() {
        ObjectNode tree = Fixtures.tree("spec-proxy.json");
        ObjectNode upstreamAuth = (ObjectNode) tree.at("/upstream/authentication");
        // The client-credentials token is the upstream Authorization: the static one moves to another header.
        upstreamAuth.putObject("headers").put("X-Upstream-Key", "Bearer ${secret:github-pat}");
        upstreamAuth.putObject("oauthClientCredentials").put("tokenUrl", "https://as.example.com/token")
                .put("clientId", "gw").put("clientSecret", "${secret:cc}").putArray("scopes").add("mcp:read");
        ObjectNode jwt = (ObjectNode) tree.at("/authentication/jwt");
        jwt.put("enabled", true).put("jwksUrl", "https://as.example.com/jwks").put("policyClaim", "pol");
        ObjectNode prm = (ObjectNode) tree.at("/authentication/protectedResourceMetadata");
        prm.put("enabled", true).putArray("authorizationServers").add("https://as.example.com");
        ObjectNode cors = ((ObjectNode) tree.get("global")).putObject("cors");
        cors.putArray("allowedOrigins").add("https://app.example.com");
        cors.put("allowCredentials", true).put("maxAgeSeconds", 600);
        ObjectNode tool = (ObjectNode) tree.at("/tools/get_users");
        tool.putObject("circuitBreaker").put("threshold", 0.5).put("sampleSize", 20).put("coolDownSeconds", 10);
        tool.putObject("transformRequestHeaders").putArray("remove").add("X-Debug");
        tool.putArray("requiredScopes").add("users:read");
        tool.putObject("mockResponse").putArray("content").addObject().put("type", "text").put("text", "hi");
        tool.put("timeoutMs", 5000).put("requestSizeLimit", 2048).put("track", true);

        ProxyDefinition proxy = ProxyDefinition.parse(Json.write(tree));

        assertThat(ProxyDefinition.parse(Json.write(proxy))).isEqualTo(proxy);
        assertThat(proxy.tools().get("get_users").mockResponse().at("/content/0/text").asText()).isEqualTo("hi");
        assertThat(proxy.tools().get("get_users").circuitBreaker().halfOpen()).isTrue();
    }

    @Test
    void appliesDefaultsToAbsentFields() {
        ProxyDefinition proxy = ProxyDefinition.parse("""
                {"id": "p", "name": "P", "listenPath": "/p/", "upstream": {"url": "http://127.0.0.1:7878/mcp"}}
                """);

        assertThat(proxy.active()).isTrue();
        assertThat(proxy.gatewayTags()).isEmpty();
        assertThat(proxy.allowedOrigins()).isEmpty();
        assertThat(proxy.upstream().timeoutMs()).isEqualTo(30_000);
        assertThat(proxy.upstream().sessionAffinity()).isTrue();
        assertThat(proxy.upstream().targets()).isEmpty();
        assertThat(proxy.upstream().authentication().headers()).isEmpty();
        assertThat(proxy.authentication().enabled()).isTrue();
        assertThat(proxy.authentication().authToken()).isEqualTo(new AuthToken(true, "Authorization"));
        assertThat(proxy.authentication().jwt().enabled()).isFalse();
        assertThat(proxy.authentication().jwt().subjectClaim()).isEqualTo("sub");
        assertThat(proxy.authentication().introspection().cacheSeconds()).isEqualTo(30);
        assertThat(proxy.global().requestSizeLimit()).isEqualTo(ProxyDefinition.DEFAULT_REQUEST_SIZE_LIMIT)
                .isEqualTo(1_048_576L);
        assertThat(proxy.global().trafficLogs()).isTrue();
        assertThat(proxy.global().transformRequestHeaders().isEmpty()).isTrue();
        assertThat(proxy.operations()).isEmpty();
        assertThat(proxy.tools()).isEmpty();
        assertThat(proxy.resources()).isEmpty();
        assertThat(proxy.prompts()).isEmpty();
    }

    @Test
    void keepsExplicitFalseAndAppliesDefaultsInsidePresentBlocks() {
        ProxyDefinition proxy = ProxyDefinition.parse("""
                {"id": "p", "name": "P", "active": false, "listenPath": "/p/",
                 "upstream": {"url": "http://127.0.0.1:7878", "sessionAffinity": false},
                 "authentication": {"authToken": {"header": "X-Api-Key"}},
                 "tools": {"t": null, "u": {}}}
                """);

        assertThat(proxy.active()).isFalse();
        assertThat(proxy.upstream().sessionAffinity()).isFalse();
        assertThat(proxy.authentication().enabled()).isTrue();
        assertThat(proxy.authentication().authToken()).isEqualTo(new AuthToken(true, "X-Api-Key"));
        assertThat(proxy.tools().get("t")).isEqualTo(Middleware.none()).isEqualTo(proxy.tools().get("u"));
    }

    @Test
    void namesUnknownFieldsWithTheirPathAllAtOnce() {
        ObjectNode tree = Fixtures.tree("spec-proxy.json");
        tree.set("upstrem", tree.get("upstream"));
        ((ObjectNode) tree.get("upstream")).put("timeout", 5);
        ((ObjectNode) tree.at("/tools/get_users")).put("alow", true);

        assertThat(errors(tree)).containsExactlyInAnyOrder(
                "upstrem: unknown field", "upstream.timeout: unknown field", "tools.get_users.alow: unknown field");
    }

    @Test
    void namesValuesOfTheWrongTypeWithTheirPath() {
        ObjectNode tree = Fixtures.tree("spec-proxy.json");
        ((ObjectNode) tree.get("upstream")).put("timeoutMs", "soon");
        tree.put("active", "yes");
        tree.put("gatewayTags", "edge");
        ((ObjectNode) tree.at("/operations/tools~1call/rateLimit")).put("per", 1.5);

        assertThat(errors(tree)).contains(
                "upstream.timeoutMs: must be an integer",
                "active: must be a boolean",
                "gatewayTags: must be an array",
                "operations.tools/call.rateLimit.per: must be an integer");
    }

    @Test
    void reportsMalformedJsonWithItsPosition() {
        assertThat(errors("{\"id\": \"p\",, }")).singleElement().asString().startsWith("malformed JSON");
        assertThat(errors("")).singleElement().asString().startsWith("malformed JSON");
        assertThat(errors("[1]")).containsExactly("must be a JSON object");
        assertThat(errors("null")).containsExactly("must be a JSON object");
    }

    @Test
    void rejectsDuplicateKeys() {
        assertThat(errors("""
                {"id": "p", "id": "q", "name": "P", "listenPath": "/p/", "upstream": {"url": "http://h"}}
                """)).singleElement().asString().contains("Duplicate field 'id'");
    }

    @Test
    void neverPrintsSecretsInToString() {
        ObjectNode tree = Fixtures.tree("spec-proxy.json");
        ((ObjectNode) tree.at("/upstream/authentication")).putObject("headers")
                .put("X-Upstream-Key", "Bearer ${secret:github-pat}");
        ((ObjectNode) tree.at("/upstream/authentication")).putObject("basicAuth")
                .put("username", "svc").put("password", "hunter2");
        ((ObjectNode) tree.at("/authentication/introspection")).put("clientSecret", "s3cr3t");

        String printed = ProxyDefinition.parse(Json.write(tree)).toString();

        assertThat(printed).doesNotContain("hunter2", "s3cr3t", "github-pat");
    }
}
