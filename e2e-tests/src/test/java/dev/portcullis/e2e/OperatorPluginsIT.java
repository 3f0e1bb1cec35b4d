package dev.portcullis.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.portcullis.e2e.support.DashboardApi;
import dev.portcullis.e2e.support.E2eStack;
import dev.portcullis.e2e.support.McpClients;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The example plugins as an operator installs them: the jars in the plugins folder of the packaged control plane and
 * gateway. An agent sees and calls the virtual {@code server_time} tool and gets e-mail addresses redacted; a config
 * the plugin refuses is a 400 at save time; a plugin the control plane lacks is accepted, rejected by the gateway
 * with its reason on the Gateways API, and the previous configuration keeps serving.
 */
class OperatorPluginsIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static E2eStack stack;

    @BeforeAll
    static void start() {
        String plugins = System.getProperty("portcullis.e2e.plugins-dir");
        stack = E2eStack.start("plugins", builder -> builder.env("PORTCULLIS_PLUGINS_DIR", plugins));
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    @Test
    void examplePluginsServeAgentsAndBadConfigsAreRefusedOrRejectedWithTheOldConfigServing() throws Exception {
        DashboardApi.Response refused = stack.api().send("POST", "/api/mcps",
                proxy("{\"name\":\"server-time\",\"config\":{\"zone\":\"Mars/Olympus\"}}").toString(), Map.of());
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().path("errors")).anySatisfy(error -> {
            assertThat(error.path("field").asText()).isEqualTo("global.plugins[0].config");
            assertThat(error.path("message").asText()).isEqualTo("zone Mars/Olympus is not a known time-zone id");
        });

        stack.api().createProxy(proxy("{\"name\":\"server-time\",\"config\":{\"zone\":\"UTC\"}}"));
        String key = stack.api().createKey("plugin-user", List.of("plugged")).path("key").asText();
        String mcpUrl = stack.gateway().mcpUrl("/plugged/");
        GatewayConfig.awaitKeyAccepted(mcpUrl, key);
        try (McpSyncClient client = McpClients.connect(mcpUrl, key)) {
            client.initialize();
            assertThat(client.listTools().tools()).extracting(McpSchema.Tool::name).contains("server_time", "get_users");
            assertThat(client.callTool(new McpSchema.CallToolRequest("server_time", Map.of())).structuredContent())
                    .isInstanceOfSatisfying(Map.class, time -> assertThat(time.get("zone")).isEqualTo("UTC"));
            String users = ((McpSchema.TextContent) client.callTool(
                    new McpSchema.CallToolRequest("get_users", Map.of())).content().get(0)).text();
            assertThat(users).contains("[redacted]").doesNotContain("@");
        }

        long applied = stack.api().gateway(E2eStack.GATEWAY).path("appliedVersion").asLong();
        ObjectNode unknown = proxy("{\"name\":\"no-such-plugin\"}");
        String etag = stack.api().send("GET", "/api/mcps/plugged", null, Map.of()).header("ETag");
        DashboardApi.Response accepted = stack.api().send("PUT", "/api/mcps/plugged", unknown.toString(),
                Map.of("If-Match", etag));
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(200);

        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                assertThat(stack.api().gateway(E2eStack.GATEWAY).at("/lastRejection/reason").asText())
                        .contains("global.plugins[0].name: plugin no-such-plugin is not installed"));
        assertThat(stack.api().gateway(E2eStack.GATEWAY).path("appliedVersion").asLong()).isEqualTo(applied);
        try (McpSyncClient client = McpClients.connect(mcpUrl, key)) {
            client.initialize();
            assertThat(client.callTool(new McpSchema.CallToolRequest("server_time", Map.of())).isError())
                    .isNotEqualTo(Boolean.TRUE);
        }
    }

    private static ObjectNode proxy(String firstPlugin) throws Exception {
        return (ObjectNode) JSON.readTree("""
                {"id":"plugged","name":"plugged","listenPath":"/plugged/","upstream":{"url":"%s"},
                 "authentication":{"enabled":true,"authToken":{"enabled":true,"header":"Authorization"}},
                 "global":{"plugins":[%s,{"name":"redact","placement":"response"}]}}"""
                .formatted(stack.mockUrl(), firstPlugin));
    }
}
