package dev.portcullis.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.portcullis.e2e.support.E2eStack;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.Tool;
import dev.portcullis.e2e.support.McpClients;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** An MCP client written by others (the official Java SDK) works through the gateway exactly as it would direct. */
class McpClientThroughGatewayIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static E2eStack stack;
    private static String mcpUrl;
    private static String key;

    @BeforeAll
    static void proxyAndKey() {
        stack = E2eStack.shared();
        stack.api().createProxy("sdk-mock", "/sdk-mock/", stack.mockUrl());
        key = stack.api().createKey("sdk-agent", List.of("sdk-mock")).path("key").asText();
        mcpUrl = stack.gateway().mcpUrl("/sdk-mock/");
        GatewayConfig.awaitKeyAccepted(mcpUrl, key);
    }

    @Test
    void initializesListsFifteenToolsAndCallsGetUsers() {
        try (McpSyncClient client = McpClients.connect(mcpUrl, key)) {
            McpSchema.InitializeResult initialized = client.initialize();
            assertThat(initialized.protocolVersion()).isNotBlank();

            List<Tool> tools = client.listTools().tools();
            assertThat(tools).extracting(Tool::name).hasSize(15)
                    .contains("get_users", "slow_response", "get_anything", "delete_user");

            CallToolResult users = client.callTool(new CallToolRequest("get_users", Map.of()));
            assertThat(users.isError()).isNotEqualTo(Boolean.TRUE);
            assertThat(users.content()).isNotEmpty();
        }
    }

    @Test
    void relaysSlowResponseProgressNotificationsAsTheyHappen() {
        List<Long> progressArrivals = new CopyOnWriteArrayList<>();
        try (McpSyncClient client = McpClients.connect(mcpUrl, key,
                progress -> progressArrivals.add(System.nanoTime()))) {
            client.initialize();
            CallToolResult result = client.callTool(CallToolRequest.builder("slow_response")
                    .arguments(Map.of("delay_seconds", 3))
                    .progressToken("e2e-progress")
                    .build());
            long finished = System.nanoTime();

            assertThat(result.isError()).isNotEqualTo(Boolean.TRUE);
            assertThat(progressArrivals).hasSizeGreaterThanOrEqualTo(2);
            // Streamed, not buffered: the first progress event arrived long before the 3-second call ended.
            assertThat(finished - progressArrivals.get(0)).isGreaterThan(1_000_000_000L);
        }
    }

    @Test
    void upstreamSeesForwardedHeadersButNeverTheAgentsKey() throws Exception {
        try (McpSyncClient client = McpClients.connect(mcpUrl, key)) {
            client.initialize();
            CallToolResult result = client.callTool(new CallToolRequest("get_anything", Map.of()));

            JsonNode headers = headersEchoedBy(result);
            assertThat(headers.has("authorization")).as("agent Authorization forwarded: %s", headers).isFalse();
            assertThat(headers.toString()).doesNotContain(key);
            assertThat(headers.has("x-forwarded-for")).as("headers: %s", headers).isTrue();
            assertThat(headers.has("mcp-session-id")).as("headers: %s", headers).isTrue();
        }
    }

    static JsonNode headersEchoedBy(CallToolResult result) throws Exception {
        JsonNode structured = JSON.valueToTree(result.structuredContent());
        if (structured != null && !structured.isNull()) {
            return structured.has("headers") ? structured.get("headers") : structured;
        }
        String text = ((McpSchema.TextContent) result.content().get(0)).text();
        JsonNode parsed = JSON.readTree(text);
        return parsed.has("headers") ? parsed.get("headers") : parsed;
    }
}
