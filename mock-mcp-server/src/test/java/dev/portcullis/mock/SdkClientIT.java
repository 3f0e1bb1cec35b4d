package dev.portcullis.mock;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.ProgressNotification;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The official MCP Java SDK client, over its Streamable HTTP transport, against the mock. */
class SdkClientIT {

    private MockMcpServer server;
    private McpSyncClient client;
    private final List<ProgressNotification> progress = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() {
        server = MockMcpServer.start("127.0.0.1", 0);
        client = connect(server);
    }

    @AfterEach
    void stop() {
        if (client != null) {
            client.closeGracefully();
        }
        server.close();
    }

    private McpSyncClient connect(MockMcpServer target) {
        HttpClientStreamableHttpTransport transport = HttpClientStreamableHttpTransport.builder(target.baseUrl())
                .endpoint("/mcp")
                .build();
        McpSyncClient sdkClient = McpClient.sync(transport)
                .requestTimeout(Duration.ofSeconds(20))
                .progressConsumer(progress::add)
                .build();
        sdkClient.initialize();
        return sdkClient;
    }

    @Test
    void initializeNegotiatesTheLatestVersionAndAdvertisesEveryCapability() {
        McpSchema.InitializeResult init = client.getCurrentInitializationResult();

        assertThat(init.protocolVersion()).isEqualTo("2025-11-25");
        assertThat(init.serverInfo().name()).isEqualTo("portcullis-mock-mcp");
        assertThat(init.capabilities().tools()).isNotNull();
        assertThat(init.capabilities().prompts()).isNotNull();
        assertThat(init.capabilities().resources().subscribe()).isTrue();
        assertThat(init.capabilities().completions()).isNotNull();
        assertThat(init.capabilities().logging()).isNotNull();
        assertThat(server.activeSessions()).isEqualTo(1);
    }

    @Test
    void listsExactlyTheFifteenToolsWithObjectInputSchemas() {
        List<McpSchema.Tool> tools = client.listTools().tools();

        assertThat(tools).extracting(McpSchema.Tool::name).containsExactly(
                "get_users", "create_user", "update_user", "delete_user", "get_posts", "create_post",
                "get_products", "process_order", "get_analytics", "generate_report", "validate_email",
                "generate_uuid", "format_date", "get_anything", "slow_response");
        assertThat(tools).allSatisfy(tool -> {
            assertThat(tool.inputSchema()).containsEntry("type", "object");
            assertThat(tool.description()).isNotBlank();
        });
    }

    @Test
    void getUsersReturnsTheSeededUsers() {
        CallToolResult result = client.callTool(CallToolRequest.builder()
                .name("get_users").arguments(Map.of("limit", 2)).build());

        assertThat(result.isError()).isFalse();
        String text = ((TextContent) result.content().get(0)).text();
        assertThat(text).contains("alice@example.com").contains("bob@example.com")
                .doesNotContain("carol@example.com").contains("\"total\" : 5");
    }

    @Test
    void badToolArgumentsAreAToolErrorResult() {
        CallToolResult result = client.callTool(CallToolRequest.builder()
                .name("create_user").arguments(Map.of("name", "No Email")).build());

        assertThat(result.isError()).isTrue();
        assertThat(((TextContent) result.content().get(0)).text()).contains("'email' is required");
    }

    @Test
    void slowResponseStreamsProgressNotificationsBeforeItsResult() {
        CallToolResult result = client.callTool(CallToolRequest.builder()
                .name("slow_response").arguments(Map.of("delay_seconds", 1.5)).progressToken("slow-1").build());

        assertThat(result.isError()).isFalse();
        assertThat(((TextContent) result.content().get(0)).text()).contains("Responded after 1.5 s");
        assertThat(progress).extracting(ProgressNotification::progressToken).containsOnly("slow-1");
        assertThat(progress).hasSizeGreaterThanOrEqualTo(3);
        assertThat(progress).extracting(ProgressNotification::progress).isSorted();
        assertThat(progress.get(progress.size() - 1).progress()).isEqualTo(progress.get(0).total());
    }

    @Test
    void getAnythingReturnsStructuredHeaders() {
        CallToolResult result = client.callTool(CallToolRequest.builder()
                .name("get_anything").arguments(Map.of("x", "y")).build());

        @SuppressWarnings("unchecked")
        Map<String, Object> structured = (Map<String, Object>) result.structuredContent();
        @SuppressWarnings("unchecked")
        Map<String, String> headers = (Map<String, String>) structured.get("headers");
        assertThat(headers).containsKey("mcp-session-id").containsKey("mcp-protocol-version");
        assertThat(structured.get("arguments")).isEqualTo(Map.of("x", "y"));
    }

    @Test
    void listsTheFourPromptsAndRendersOne() {
        assertThat(client.listPrompts().prompts()).extracting(McpSchema.Prompt::name).containsExactly(
                "user_management", "ecommerce_assistant", "content_management", "analytics_dashboard");

        McpSchema.GetPromptResult prompt = client.getPrompt(new McpSchema.GetPromptRequest("analytics_dashboard",
                Map.of("metric", "revenue", "period", "month")));

        assertThat(prompt.messages()).hasSize(1);
        assertThat(((TextContent) prompt.messages().get(0).content()).text())
                .contains("revenue").contains("month");
    }

    @Test
    void listsTheThreeResourcesAndTheTemplatesAndReadsOne() {
        assertThat(client.listResources().resources()).extracting(McpSchema.Resource::uri)
                .containsExactly("users://list", "products://catalog", "posts://list");
        assertThat(client.listResourceTemplates().resourceTemplates())
                .extracting(McpSchema.ResourceTemplate::uriTemplate).contains("users://{id}");

        McpSchema.ReadResourceResult read = client.readResource(new McpSchema.ReadResourceRequest("products://catalog"));

        McpSchema.TextResourceContents contents = (McpSchema.TextResourceContents) read.contents().get(0);
        assertThat(contents.uri()).isEqualTo("products://catalog");
        assertThat(contents.mimeType()).isEqualTo("application/json");
        assertThat(contents.text()).contains("Mechanical Keyboard");
    }

    @Test
    void completesPromptArguments() {
        McpSchema.CompleteResult result = client.completeCompletion(new McpSchema.CompleteRequest(
                new McpSchema.PromptReference("user_management"),
                new McpSchema.CompleteRequest.CompleteArgument("action", "de")));

        assertThat(result.completion().values()).containsExactly("delete");
    }

    @Test
    void pingsAndSetsTheLogLevel() {
        assertThat(client.ping()).isNotNull();
        client.setLoggingLevel(McpSchema.LoggingLevel.WARNING);
    }

    @Test
    void worksWhenEveryAnswerIsAnEventStream() {
        try (MockMcpServer sseServer = MockMcpServer.start(
                MockMcpOptions.defaults("127.0.0.1", 0).withSseMode(MockMcpOptions.SseMode.ALWAYS))) {
            McpSyncClient sseClient = connect(sseServer);
            try {
                assertThat(sseClient.listTools().tools()).hasSize(15);
                CallToolResult result = sseClient.callTool(CallToolRequest.builder()
                        .name("validate_email").arguments(Map.of("email", "a@example.com")).build());
                assertThat(((TextContent) result.content().get(0)).text()).contains("\"valid\" : true");
            } finally {
                sseClient.closeGracefully();
            }
        }
    }

    @Test
    void followsCursorsWhenListsArePaginated() {
        try (MockMcpServer paged = MockMcpServer.start(MockMcpOptions.defaults("127.0.0.1", 0).withPageSize(4))) {
            McpSyncClient pagedClient = connect(paged);
            try {
                McpSchema.ListToolsResult first = pagedClient.listTools(null);
                assertThat(first.tools()).hasSize(4);
                assertThat(first.nextCursor()).isNotBlank();
                int total = first.tools().size();
                String cursor = first.nextCursor();
                while (cursor != null) {
                    McpSchema.ListToolsResult page = pagedClient.listTools(cursor);
                    total += page.tools().size();
                    cursor = page.nextCursor();
                }
                assertThat(total).isEqualTo(15);
            } finally {
                pagedClient.closeGracefully();
            }
        }
    }
}
