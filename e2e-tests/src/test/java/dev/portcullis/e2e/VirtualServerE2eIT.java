package dev.portcullis.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.portcullis.e2e.support.DashboardApi;
import dev.portcullis.e2e.support.E2eStack;
import dev.portcullis.e2e.support.McpHttp;
import dev.portcullis.e2e.support.NodeProcesses;
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
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A virtual server through the whole product, as an administrator sets it up with the Dashboard API: the bundled
 * mock and the MCP reference server (server-everything, from npm) as two proxies, one virtual server over both
 * with a prefix each, and a key granted only the virtual server. The official MCP Java SDK is the agent: it sees
 * both sets of tools under their prefixes, calls each member, receives progress and a sampling request from the
 * member that sent them, and meets the mock proxy's own rate limit.
 */
class VirtualServerE2eIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MOCK_USERS_PER_MINUTE = 3;

    private static E2eStack stack;
    private static Process everything;
    private static String url;
    private static String key;

    @BeforeAll
    static void virtualServerOverTheMockAndServerEverything() throws Exception {
        stack = E2eStack.start("virtual", builder -> builder);
        NodeProcesses.Started started = NodeProcesses.everythingServer();
        everything = started.process();
        stack.api().createProxy((ObjectNode) JSON.readTree("""
                {"id": "mock-mcp", "name": "Mock", "listenPath": "/mock-mcp/", "upstream": {"url": "%s"},
                 "tools": {"get_users": {"rateLimit": {"rate": %d, "per": 60}}}}"""
                .formatted(stack.mockUrl(), MOCK_USERS_PER_MINUTE)));
        stack.api().createProxy("everything", "/everything/", started.baseUrl());
        stack.api().createProxy((ObjectNode) JSON.readTree("""
                {"id": "all-tools", "name": "All tools", "listenPath": "/all-tools/",
                 "members": [{"proxy": "mock-mcp", "prefix": "mock_"}, {"proxy": "everything", "prefix": "ev_"}]}"""));
        key = stack.api().createKey("virtual-agent", List.of("all-tools")).path("key").asText();
        url = stack.gateway().mcpUrl("/all-tools/");
        GatewayConfig.awaitKeyAccepted(url, key);
    }

    @AfterAll
    static void stop() {
        if (everything != null) {
            everything.destroyForcibly();
        }
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void listsBothMembersToolsUnderTheirPrefixesAndCallsEach() {
        try (McpSyncClient client = client(new CopyOnWriteArrayList<>(), new AtomicInteger())) {
            McpSchema.InitializeResult initialized = client.initialize();
            assertThat(initialized.capabilities().tools()).isNotNull();

            List<String> names = client.listTools().tools().stream().map(Tool::name).toList();
            assertThat(names).contains("mock_get_users", "mock_get_posts", "ev_echo", "ev_get-sum")
                    .allMatch(name -> name.startsWith("mock_") || name.startsWith("ev_"));

            CallToolResult sum = client.callTool(new CallToolRequest("ev_get-sum", Map.of("a", 2, "b", 3)));
            assertThat(text(sum)).contains("5");
            CallToolResult posts = client.callTool(new CallToolRequest("mock_get_posts", Map.of()));
            assertThat(posts.isError()).isNotEqualTo(Boolean.TRUE);
        }
    }

    @Test
    void progressAndSamplingComeFromTheMemberThatSentThem() {
        List<McpSchema.ProgressNotification> progress = new CopyOnWriteArrayList<>();
        AtomicInteger sampled = new AtomicInteger();
        try (McpSyncClient client = client(progress, sampled)) {
            client.initialize();

            CallToolResult longRunning = client.callTool(CallToolRequest.builder()
                    .name("ev_trigger-long-running-operation").arguments(Map.of("duration", 1, "steps", 3))
                    .progressToken("e2e-progress").build());
            assertThat(longRunning.isError()).isNotEqualTo(Boolean.TRUE);
            await().atMost(Duration.ofSeconds(5)).until(() -> progress.size() >= 3);
            assertThat(progress).allMatch(note -> "e2e-progress".equals(note.progressToken()));

            CallToolResult sampling = client.callTool(new CallToolRequest("ev_trigger-sampling-request",
                    Map.of("prompt", "hello", "maxTokens", 10)));
            assertThat(sampled.get()).isEqualTo(1);
            assertThat(text(sampling)).contains("sampled by the agent");
        }
    }

    @Test
    void theMockProxysOwnRateLimitAppliesThroughTheVirtualServer() {
        DashboardApi.Response initialized = McpHttp.post(url, McpHttp.INITIALIZE, McpHttp.bearer(key));
        Map<String, String> headers = new HashMap<>(McpHttp.bearer(key));
        headers.put("Mcp-Session-Id", initialized.header("Mcp-Session-Id"));
        String call = """
                {"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":"mock_get_users","arguments":{}}}""";

        int limited = 0;
        for (int i = 0; i < MOCK_USERS_PER_MINUTE + 2; i++) {
            DashboardApi.Response answer = McpHttp.post(url, call, headers);
            if (answer.status() == 429) {
                limited++;
                assertThat(answer.json().at("/error/code").asInt()).isEqualTo(-32003);
            }
        }
        assertThat(limited).as("calls past the mock proxy's %d a minute", MOCK_USERS_PER_MINUTE).isGreaterThan(0);
    }

    private static McpSyncClient client(List<McpSchema.ProgressNotification> progress, AtomicInteger sampled) {
        URI uri = URI.create(url);
        HttpClientStreamableHttpTransport transport = HttpClientStreamableHttpTransport
                .builder(uri.getScheme() + "://" + uri.getAuthority()).endpoint(uri.getPath())
                .requestBuilder(HttpRequest.newBuilder().header("Authorization", "Bearer " + key))
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        return McpClient.sync(transport)
                .clientInfo(new McpSchema.Implementation("portcullis-e2e-virtual", "1.0"))
                .requestTimeout(Duration.ofSeconds(30))
                .progressConsumer(progress::add)
                .capabilities(McpSchema.ClientCapabilities.builder().sampling().build())
                .sampling(request -> {
                    sampled.incrementAndGet();
                    return McpSchema.CreateMessageResult.builder().role(McpSchema.Role.ASSISTANT)
                            .content(new McpSchema.TextContent("sampled by the agent")).model("e2e-model").build();
                })
                .build();
    }

    private static String text(CallToolResult result) {
        StringBuilder text = new StringBuilder();
        result.content().forEach(content -> {
            if (content instanceof McpSchema.TextContent part) {
                text.append(part.text());
            }
        });
        return text.toString();
    }
}
