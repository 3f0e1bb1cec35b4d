package dev.portcullis.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.portcullis.e2e.support.DashboardApi.Response;
import dev.portcullis.e2e.support.E2eStack;
import dev.portcullis.e2e.support.McpClients;
import dev.portcullis.e2e.support.McpHttp;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema.Tool;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A Tyk OAS MCP API definition and a Tyk policy imported through {@code POST /api/import/tyk}: an agent holding a
 * key on the imported policy gets, through a real gateway, the access it had on Tyk. Tyk agents dial the listen
 * path itself, which the gateway forwards to the upstream URL unchanged.
 */
class TykImportedAccessIT {

    private static final String API_ID = "b84fe1a04e5648927971c0557971565c";
    private static final String POLICY_ID = "5ead7120575961000181867e";

    private static final ObjectMapper JSON = new ObjectMapper();

    private static E2eStack stack;

    @BeforeAll
    static void shared() {
        stack = E2eStack.shared();
    }

    @Test
    void anAgentOnTheImportedPolicySeesAndCallsWhatTykAllowedWithinItsLimits() throws Exception {
        String request = """
                {"dryRun": %s,
                 "apiDefinitions": [{
                   "openapi": "3.0.3", "info": {"title": "Mock MCP", "version": "2025-11-25"},
                   "paths": {"/tools/call": {"post": {"operationId": "toolsCall", "responses": {"200": {"description": "ok"}}}}},
                   "components": {"securitySchemes": {"authToken": {"type": "apiKey", "in": "header", "name": "Authorization"}}},
                   "security": [{"authToken": []}],
                   "x-tyk-api-gateway": {
                     "info": {"id": "%s", "orgId": "5e9d9544a1dcd60001d0ed20", "name": "Mock MCP (Tyk)", "state": {"active": true}},
                     "upstream": {"url": "%s/mcp"},
                     "server": {"listenPath": {"value": "/tyk-mock/", "strip": true},
                                "authentication": {"enabled": true, "securitySchemes": {"authToken": {"enabled": true}}}},
                     "middleware": {"mcpTools": {"delete_user": {"block": {"enabled": true}}}}}}],
                 "policies": [{
                   "_id": "6650f1d4e1a7b80001a1b2d4", "id": "%s", "name": "Tyk readers", "org_id": "5e9d9544a1dcd60001d0ed20",
                   "rate": 100, "per": 60, "quota_max": -1, "quota_renewal_rate": -1, "throttle_interval": -1,
                   "throttle_retry_limit": -1, "max_query_depth": -1, "active": true, "is_inactive": false,
                   "tags": [], "key_expires_in": 0, "hmac_enabled": false,
                   "partitions": {"quota": false, "rate_limit": false, "complexity": false, "acl": false, "per_api": false},
                   "access_rights": {"%s": {
                     "api_id": "%s", "api_name": "Mock MCP (Tyk)", "versions": ["Default"], "allowed_urls": [],
                     "limit": {"rate": 0, "per": 0},
                     "mcp_access_rights": {"tools": {"allowed": ["get_.*"], "blocked": ["get_anything"]}},
                     "mcp_primitives": [{"type": "tool", "name": "get_analytics", "limit": {"rate": 2, "per": 60}}]}}}]}""";
        String dryRun = request.formatted(true, API_ID, stack.mockUrl(), POLICY_ID, API_ID, API_ID);
        String real = request.formatted(false, API_ID, stack.mockUrl(), POLICY_ID, API_ID, API_ID);

        Response preview = stack.api().send("POST", "/api/import/tyk", dryRun, Map.of());
        assertThat(preview.status()).as(preview.body()).isEqualTo(200);
        assertThat(stack.api().send("GET", "/api/mcps/" + API_ID, null, Map.of()).status()).isEqualTo(404);
        Response imported = stack.api().send("POST", "/api/import/tyk", real, Map.of());
        assertThat(imported.status()).as(imported.body()).isEqualTo(201);
        JsonNode report = imported.json();
        assertThat(report.at("/proxies/0/id").asText()).isEqualTo(API_ID);
        assertThat(report.at("/policies/0/id").asText()).isEqualTo(POLICY_ID);

        ObjectNode body = JSON.createObjectNode().put("alias", "tyk-agent");
        body.putArray("policies").add(POLICY_ID);
        String key = stack.api().createKey(body).path("key").asText();
        String url = stack.gateway().baseUrl() + "/tyk-mock/";
        GatewayConfig.awaitKeyAccepted(url, key);

        try (McpSyncClient client = McpClients.connect(url, key)) {
            client.initialize();
            assertThat(client.listTools().tools().stream().map(Tool::name).collect(Collectors.toSet()))
                    .containsExactlyInAnyOrder("get_users", "get_posts", "get_products", "get_analytics");
        }
        assertThat(call(url, key, "get_users").status()).isEqualTo(200);
        Response denied = call(url, key, "create_user");
        assertThat(denied.status()).isEqualTo(403);
        assertThat(denied.json().at("/error/code").asInt()).isEqualTo(-32002);
        assertThat(call(url, key, "delete_user").status()).as("blocked on the proxy").isEqualTo(403);
        assertThat(call(url, key, "get_anything").status()).as("blocked by the policy").isEqualTo(403);
        assertThat(List.of(call(url, key, "get_analytics").status(), call(url, key, "get_analytics").status()))
                .as("get_analytics: 2 per minute, as on Tyk").containsExactly(200, 200);
        Response limited = call(url, key, "get_analytics");
        assertThat(limited.status()).as("the third get_analytics call within the minute").isEqualTo(429);
        assertThat(limited.json().at("/error/message").asText()).contains("tool 'get_analytics'");
    }

    private static Response call(String url, String key, String tool) {
        Response initialized = McpHttp.post(url, McpHttp.INITIALIZE, McpHttp.bearer(key));
        Map<String, String> headers = new HashMap<>(McpHttp.bearer(key));
        String session = initialized.header("Mcp-Session-Id");
        if (session != null) {
            headers.put("Mcp-Session-Id", session);
        }
        return McpHttp.post(url, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":\""
                + tool + "\",\"arguments\":{}}}", headers);
    }
}
