package dev.portcullis.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.portcullis.e2e.support.DashboardApi;
import dev.portcullis.e2e.support.DashboardApi.Response;
import dev.portcullis.e2e.support.E2eStack;
import dev.portcullis.e2e.support.McpHttp;
import java.net.http.HttpRequest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Bad input on the gateway and on every Dashboard API endpoint gets the documented error and changes nothing. */
class BadInputIT {

    private static E2eStack stack;
    private static DashboardApi api;
    private static String mcpUrl;
    private static String key;

    @BeforeAll
    static void proxyAndKey() {
        stack = E2eStack.shared();
        api = stack.api();
        api.createProxy("bad-input", "/bad-input/", stack.mockUrl());
        key = api.createKey("bad-input-agent", List.of("bad-input")).path("key").asText();
        mcpUrl = stack.gateway().mcpUrl("/bad-input/");
        GatewayConfig.awaitKeyAccepted(mcpUrl, key);
    }

    @Test
    void gatewayRefusesABodyThatIsNotJsonWhateverItsContentType() {
        Response response = McpHttp.post(mcpUrl, "tools/call get_users please",
                withKey(Map.of("Content-Type", "text/plain")));

        assertGatewayError(response, 400, -32700);
    }

    @Test
    void gatewayRefusesABatch() {
        Response response = McpHttp.post(mcpUrl, "[" + McpHttp.INITIALIZE + "]", withKey(Map.of()));

        assertGatewayError(response, 400, -32600);
        assertThat(response.json().at("/error/message").asText()).contains("batch");
    }

    @Test
    void gatewayRefusesMalformedJsonRpc() {
        Response response = McpHttp.post(mcpUrl, "{\"jsonrpc\":\"1.0\",\"id\":1}", withKey(Map.of()));

        assertGatewayError(response, 400, -32600);
    }

    @Test
    void gatewayRefusesAToolCallWithoutAName() {
        Response response = McpHttp.post(mcpUrl,
                "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/call\",\"params\":{}}", withKey(Map.of()));

        assertGatewayError(response, 400, -32602);
        assertThat(response.json().path("id").asInt()).isEqualTo(7);
    }

    @Test
    void gatewayRefusesABodyOverTheSizeLimit() {
        String big = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"params\":{\"pad\":\"" + "x".repeat(1_100_000) + "\"}}";

        Response response = McpHttp.post(mcpUrl, big, withKey(Map.of()));

        assertGatewayError(response, 413, -32600);
    }

    @Test
    void gatewayAnswersAnUnknownListenPathWith404() {
        Response response = McpHttp.post(stack.gateway().baseUrl() + "/no-such-proxy/mcp", McpHttp.INITIALIZE,
                withKey(Map.of()));

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.json().at("/error/data/httpStatus").asInt()).isEqualTo(404);
    }

    @Test
    void gatewayRefusesAForeignOrigin() {
        Response response = McpHttp.post(mcpUrl, McpHttp.INITIALIZE,
                withKey(Map.of("Origin", "https://evil.example")));

        assertGatewayError(response, 403, -32600);
    }

    @Test
    void gatewayRefusesAPathThatClimbsOutOfItsListenPath() {
        Response response = McpHttp.send("POST", stack.gateway().baseUrl() + "/bad-input/%2e%2e/other/mcp",
                HttpRequest.BodyPublishers.ofString(McpHttp.INITIALIZE), withKey(Map.of(
                        "Content-Type", "application/json", "Accept", "application/json, text/event-stream")));

        assertThat(response.status()).isEqualTo(400);
    }

    @Test
    void dashboardApiRefusesBadInputAndChangesNothing() {
        JsonNode proxiesBefore = api.send("GET", "/api/mcps", null, Map.of()).json();
        JsonNode keysBefore = withoutUsage(api.send("GET", "/api/keys", null, Map.of()).json());

        assertProblem(api.sendAs(null, "GET", "/api/mcps", null, Map.of()), 401);
        assertProblem(api.sendAs("Bearer pca_wrong", "POST", "/api/mcps", "{}", Map.of()), 401);
        assertProblem(api.send("POST", "/api/mcps", "{not json", Map.of()), 400);
        Response invalid = api.send("POST", "/api/mcps",
                "{\"id\":\"bad-url\",\"name\":\"x\",\"listenPath\":\"/bad-url/\",\"upstream\":{\"url\":\"ftp://nope\"}}",
                Map.of());
        assertProblem(invalid, 400);
        assertThat(invalid.json().path("errors").toString()).contains("upstream.url");
        Response overlapping = api.send("POST", "/api/mcps",
                "{\"id\":\"overlap\",\"name\":\"x\",\"listenPath\":\"/bad-input/\",\"upstream\":{\"url\":\"http://127.0.0.1:1\"}}",
                Map.of());
        assertProblem(overlapping, 409);
        assertProblem(api.send("GET", "/api/mcps/no-such-proxy", null, Map.of()), 404);
        Response current = api.send("GET", "/api/mcps/bad-input", null, Map.of());
        String definition = current.body();
        assertProblem(api.send("PUT", "/api/mcps/bad-input", definition, Map.of()), 428);
        assertProblem(api.send("PUT", "/api/mcps/bad-input", definition, Map.of("If-Match", "\"999999\"")), 412);
        assertProblem(api.send("DELETE", "/api/mcps/no-such-proxy", null, Map.of()), 404);
        Response unknownProxyKey = api.send("POST", "/api/keys", "{\"alias\":\"k\",\"proxies\":[\"no-such-proxy\"]}",
                Map.of());
        assertProblem(unknownProxyKey, 400);
        assertThat(unknownProxyKey.json().path("errors").toString()).contains("proxies");
        assertProblem(api.send("POST", "/api/keys",
                "{\"alias\":\"k\",\"proxies\":[\"bad-input\"],\"expiresAt\":\"2001-01-01T00:00:00Z\"}", Map.of()), 400);
        assertProblem(api.send("POST", "/api/keys", "[]", Map.of()), 400);
        assertProblem(api.send("DELETE", "/api/keys/no-such-key", null, Map.of()), 404);

        assertThat(api.send("GET", "/api/mcps", null, Map.of()).json()).isEqualTo(proxiesBefore);
        assertThat(withoutUsage(api.send("GET", "/api/keys", null, Map.of()).json())).isEqualTo(keysBefore);
    }

    /**
     * The keys as the refused requests could have changed them. {@code lastUsedAt} is left out: the gateway tests in
     * this class use the key, and its analytics reach the control plane whenever ingest runs, during this test or not.
     */
    private static JsonNode withoutUsage(JsonNode keys) {
        JsonNode copy = keys.deepCopy();
        copy.forEach(entry -> ((ObjectNode) entry).remove("lastUsedAt"));
        return copy;
    }

    private static Map<String, String> withKey(Map<String, String> headers) {
        Map<String, String> all = new HashMap<>(McpHttp.bearer(key));
        all.putAll(headers);
        return all;
    }

    private static void assertGatewayError(Response response, int status, int code) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.header("Content-Type")).startsWith("application/json");
        JsonNode body = response.json();
        assertThat(body.path("jsonrpc").asText()).isEqualTo("2.0");
        assertThat(body.at("/error/code").asInt()).isEqualTo(code);
        assertThat(body.at("/error/data/httpStatus").asInt()).isEqualTo(status);
        assertThat(body.at("/error/message").asText()).isNotBlank();
        assertThat(response.body()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    private static void assertProblem(Response response, int status) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        assertThat(response.json().path("status").asInt()).isEqualTo(status);
        assertThat(response.body()).doesNotContain("Exception").doesNotContain("\tat ");
    }
}
