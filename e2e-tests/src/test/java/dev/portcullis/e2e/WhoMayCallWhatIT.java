package dev.portcullis.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.portcullis.e2e.support.DashboardApi.Response;
import dev.portcullis.e2e.support.E2eStack;
import dev.portcullis.e2e.support.McpClients;
import dev.portcullis.e2e.support.McpHttp;
import dev.portcullis.e2e.support.SamplingMcpServer;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.Tool;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * End to end: policies, proxy rules, secrets and a server-initiated round trip, configured through the
 * Dashboard API of a real control plane and enforced by a real gateway in front of real MCP servers.
 */
class WhoMayCallWhatIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static E2eStack stack;

    @BeforeAll
    static void shared() {
        stack = E2eStack.shared();
    }

    @Test
    void twoKeysOnTwoPoliciesSeeDifferentToolsAndCanCallExactlyWhatTheySee() throws Exception {
        stack.api().createProxy("acl-mock", "/acl-mock/", stack.mockUrl());
        createPolicy("""
                {"id":"readers","name":"Readers","accessRights":{"acl-mock":{
                  "mcpAccessRights":{"tools":{"allowed":["get_.*"],"blocked":["get_anything"]}}}}}""");
        // Tyk's snake_case spelling is accepted as is.
        createPolicy("""
                {"id":"writers","name":"Writers","access_rights":{"acl-mock":{
                  "mcp_access_rights":{"tools":{"allowed":["create_.*","update_.*"]}}}}}""");
        String reader = createKey("reader", List.of(), List.of("readers"));
        String writer = createKey("writer", List.of(), List.of("writers"));
        String url = stack.gateway().mcpUrl("/acl-mock/");
        GatewayConfig.awaitKeyAccepted(url, reader);
        GatewayConfig.awaitKeyAccepted(url, writer);

        Set<String> readerTools = visibleTools(url, reader);
        Set<String> writerTools = visibleTools(url, writer);

        assertThat(readerTools).containsExactlyInAnyOrder("get_users", "get_posts", "get_products", "get_analytics");
        assertThat(writerTools).containsExactlyInAnyOrder("create_user", "update_user", "create_post");
        for (String tool : readerTools) {
            assertThat(callStatus(url, reader, tool)).as(tool).isEqualTo(200);
            assertThat(callStatus(url, writer, tool)).as(tool).isEqualTo(403);
        }
        for (String tool : writerTools) {
            assertThat(callStatus(url, writer, tool)).as(tool).isEqualTo(200);
            assertThat(callStatus(url, reader, tool)).as(tool).isEqualTo(403);
        }
        Response denied = call(url, reader, "get_anything");
        assertThat(denied.json().at("/error/code").asInt()).isEqualTo(-32002);
        assertThat(denied.json().at("/error/message").asText()).contains("get_anything");
    }

    @Test
    void theSeedExamplesBehaveAsDescribed() throws Exception {
        // Allow only two tools on the proxy; block a resource family by policy; allow only two methods.
        ObjectNode proxy = (ObjectNode) JSON.readTree("""
                {"id":"seed-mock","name":"Seed examples","listenPath":"/seed-mock/",
                 "upstream":{"url":"%s"},
                 "operations":{"tools/call":{"allow":true},"tools/list":{"allow":true},
                               "resources/list":{"allow":true},"resources/read":{"allow":true}},
                 "tools":{"get_users":{"allow":true},"get_posts":{"allow":true}}}""".formatted(stack.mockUrl()));
        stack.api().createProxy(proxy);
        createPolicy("""
                {"id":"no-users-resources","name":"No user resources","accessRights":{"seed-mock":{
                  "mcpAccessRights":{"resources":{"blocked":["users://.*"]}}}}}""");
        String key = createKey("seed-agent", List.of(), List.of("no-users-resources"));
        String url = stack.gateway().mcpUrl("/seed-mock/");
        GatewayConfig.awaitKeyAccepted(url, key);

        try (McpSyncClient client = McpClients.connect(url, key)) {
            McpSchema.InitializeResult initialized = client.initialize();
            assertThat(initialized.capabilities().prompts()).as("prompts pruned: every prompt method is denied")
                    .isNull();
            assertThat(client.listTools().tools()).extracting(Tool::name)
                    .containsExactlyInAnyOrder("get_users", "get_posts");
            assertThat(client.listResources().resources()).extracting(McpSchema.Resource::uri)
                    .doesNotContain("users://list").contains("products://catalog");
        }
        assertThat(call(url, key, "delete_user").status()).isEqualTo(403);
        assertThat(rpc(url, key, "prompts/list", "{}").status()).isEqualTo(403);
        assertThat(rpc(url, key, "resources/read", "{\"uri\":\"users://list\"}").status()).isEqualTo(403);
        assertThat(rpc(url, key, "ping", "{}").status()).as("lifecycle methods are never locked out").isEqualTo(200);
    }

    @Test
    void aSamplingRoundTripInitiatedByARealServerCompletesThroughTheGateway() throws Exception {
        try (SamplingMcpServer server = SamplingMcpServer.start()) {
            stack.api().createProxy("sampling", "/sampling/", server.baseUrl());
            String key = createKey("sampler", List.of("sampling"), List.of());
            String url = stack.gateway().mcpUrl("/sampling/");
            GatewayConfig.awaitKeyAccepted(url, key);

            URI uri = URI.create(url);
            HttpClientStreamableHttpTransport transport = HttpClientStreamableHttpTransport
                    .builder(uri.getScheme() + "://" + uri.getAuthority()).endpoint(uri.getPath())
                    .requestBuilder(HttpRequest.newBuilder().header("Authorization", "Bearer " + key))
                    .build();
            try (McpSyncClient client = McpClient.sync(transport)
                    .requestTimeout(Duration.ofSeconds(30))
                    .capabilities(McpSchema.ClientCapabilities.builder().sampling().build())
                    .sampling(request -> McpSchema.CreateMessageResult.builder()
                            .role(McpSchema.Role.ASSISTANT)
                            .content(new McpSchema.TextContent("four"))
                            .model("e2e-model")
                            .build())
                    .build()) {
                client.initialize();
                CallToolResult result = client.callTool(new CallToolRequest("ask_the_model", Map.of()));

                assertThat(((McpSchema.TextContent) result.content().get(0)).text()).isEqualTo("the model said: four");
            }
        }
    }

    @Test
    void upstreamSeesTheInjectedCredentialAndNeverTheAgentsKey() throws Exception {
        Response stored = stack.api().send("PUT", "/api/secrets/e2e-upstream-token",
                "{\"value\":\"upstream-s3cr3t-value\"}", Map.of());
        assertThat(stored.status()).isIn(201, 204);
        assertThat(stored.body()).doesNotContain("upstream-s3cr3t-value");
        ObjectNode proxy = (ObjectNode) JSON.readTree("""
                {"id":"creds-mock","name":"Injected credentials","listenPath":"/creds-mock/",
                 "upstream":{"url":"%s","authentication":{"headers":{
                   "X-Upstream-Token":"Bearer ${secret:e2e-upstream-token}"}}}}""".formatted(stack.mockUrl()));
        JsonNode created = stack.api().createProxy(proxy);
        assertThat(created.toString()).doesNotContain("upstream-s3cr3t-value");
        String key = createKey("creds-agent", List.of("creds-mock"), List.of());
        String url = stack.gateway().mcpUrl("/creds-mock/");
        GatewayConfig.awaitKeyAccepted(url, key);

        try (McpSyncClient client = McpClients.connect(url, key)) {
            client.initialize();
            JsonNode headers = McpClientThroughGatewayIT.headersEchoedBy(
                    client.callTool(new CallToolRequest("get_anything", Map.of())));

            assertThat(headers.path("x-upstream-token").asText()).isEqualTo("Bearer upstream-s3cr3t-value");
            assertThat(headers.has("authorization")).isFalse();
            assertThat(headers.toString()).doesNotContain(key);
        }
        assertThat(stack.api().send("GET", "/api/secrets", null, Map.of()).body())
                .contains("e2e-upstream-token").doesNotContain("upstream-s3cr3t-value");
    }

    private static void createPolicy(String json) {
        Response response = stack.api().send("POST", "/api/policies", json, Map.of());
        assertThat(response.status()).as(response.body()).isEqualTo(201);
    }

    private static String createKey(String alias, List<String> proxies, List<String> policies) {
        ObjectNode body = JSON.createObjectNode().put("alias", alias);
        proxies.forEach(body.putArray("proxies")::add);
        policies.forEach(body.putArray("policies")::add);
        return stack.api().createKey(body).path("key").asText();
    }

    private static Set<String> visibleTools(String url, String key) {
        try (McpSyncClient client = McpClients.connect(url, key)) {
            client.initialize();
            return client.listTools().tools().stream().map(Tool::name).collect(Collectors.toSet());
        }
    }

    @Test
    void aSessionBelongsToTheKeyThatOpenedIt() throws Exception {
        stack.api().createProxy("session-mock", "/session-mock/", stack.mockUrl());
        String owner = createKey("session-owner", List.of("session-mock"), List.of());
        String other = createKey("session-other", List.of("session-mock"), List.of());
        String url = stack.gateway().mcpUrl("/session-mock/");
        GatewayConfig.awaitKeyAccepted(url, owner);
        GatewayConfig.awaitKeyAccepted(url, other);
        String session = McpHttp.post(url, McpHttp.INITIALIZE, McpHttp.bearer(owner)).header("Mcp-Session-Id");
        String call = "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\","
                + "\"params\":{\"name\":\"get_users\",\"arguments\":{}}}";

        Map<String, String> asOther = new HashMap<>(McpHttp.bearer(other));
        asOther.put("Mcp-Session-Id", session);
        Response stolen = McpHttp.post(url, call, asOther);
        Map<String, String> asOwner = new HashMap<>(McpHttp.bearer(owner));
        asOwner.put("Mcp-Session-Id", session);

        assertThat(session).startsWith("ps1.");
        assertThat(stolen.status()).isEqualTo(404);
        assertThat(stolen.json().at("/error/code").asInt()).isEqualTo(-32001);
        assertThat(McpHttp.post(url, call, asOwner).status()).isEqualTo(200);
    }

    /** A tools/call with no arguments, raw: the HTTP status says whether the gateway let it through. */
    private static int callStatus(String url, String key, String tool) {
        return call(url, key, tool).status();
    }

    private static Response call(String url, String key, String tool) {
        return rpc(url, key, "tools/call", "{\"name\":\"" + tool + "\",\"arguments\":{}}");
    }

    private static Response rpc(String url, String key, String method, String params) {
        Response initialized = McpHttp.post(url, McpHttp.INITIALIZE, McpHttp.bearer(key));
        String session = initialized.header("Mcp-Session-Id");
        Map<String, String> headers = new HashMap<>(McpHttp.bearer(key));
        if (session != null) {
            headers.put("Mcp-Session-Id", session);
        }
        return McpHttp.post(url, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"" + method + "\",\"params\":" + params + "}",
                headers);
    }
}
