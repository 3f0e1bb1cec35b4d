package dev.portcullis.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import dev.portcullis.gateway.support.RunningGateway;
import dev.portcullis.gateway.support.Teardown;
import dev.portcullis.gateway.support.TestFeed;
import dev.portcullis.gateway.support.TestProxies;
import dev.portcullis.gateway.support.TestSnapshots;
import dev.portcullis.mock.MockMcpServer;
import dev.portcullis.model.key.KeyEntry;
import dev.portcullis.model.key.KeyTokens;
import dev.portcullis.model.policy.Policy;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.client.transport.McpHttpClientTransportAuthorizationException;
import io.modelcontextprotocol.spec.McpSchema;
import io.vertx.core.Vertx;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The official Java SDK client 2.1.0 through the gateway (authentication on, a policy allowing two tools and no
 * prompt methods) to the bundled mock server. This SDK offers MCP 2024-11-05 to 2025-11-25 only (its
 * {@code ProtocolVersions} stop at 2025-11-25 and it sends no {@code Mcp-Method} header), so it is the 2025
 * revision that is checked here: the client sees exactly the tools it may call, calls them, and a blocked call is
 * refused with 403 (the SDK raises it as an authorization error without exposing the -32002 body).
 */
class JavaSdkClientIT {

    private static final String KEY = TestSnapshots.newToken();

    @TempDir
    static Path dataDir;

    private static Vertx vertx;
    private static MockMcpServer mock;
    private static TestFeed feed;
    private static RunningGateway gateway;

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        mock = MockMcpServer.start("127.0.0.1", 0);
        feed = TestFeed.start(vertx);
        TestSnapshots snapshots = new TestSnapshots();
        feed.publish(snapshots.signWithPolicies(1,
                List.of(TestProxies.definition("java-sdk", "/java-sdk/", "http://127.0.0.1:" + mock.port())),
                List.of(new KeyEntry("reader", "reader", KeyTokens.hash(KEY), null, List.of("java-sdk"),
                        List.of("readers"))),
                List.of(Policy.parse("""
                        {"id":"readers","name":"readers","accessRights":{"java-sdk":{
                          "mcpAccessRights":{"tools":{"allowed":["get_users","get_posts"]}},
                          "jsonRpcMethodsAccessRights":{"blocked":["prompts/.*"]}}}}"""))));
        gateway = RunningGateway.start(vertx, feed.url(), snapshots.publicKey(), dataDir);
        await().atMost(Duration.ofSeconds(10)).until(() -> gateway.version() == 1);
    }

    @AfterAll
    static void stop() throws Exception {
        Teardown.closeAll(vertx, gateway, feed, mock);
    }

    private static McpSyncClient connect() {
        HttpClientStreamableHttpTransport transport = HttpClientStreamableHttpTransport.builder(gateway.baseUrl())
                .endpoint("/java-sdk/mcp")
                .requestBuilder(HttpRequest.newBuilder().header("Authorization", "Bearer " + KEY))
                .build();
        return McpClient.sync(transport).clientInfo(new McpSchema.Implementation("portcullis-it", "1.0"))
                .requestTimeout(Duration.ofSeconds(20)).build();
    }

    @Test
    void seesExactlyTheAllowedToolsCallsOneAndIsRefusedABlockedOne() {
        try (McpSyncClient client = connect()) {
            McpSchema.InitializeResult initialized = client.initialize();

            assertThat(initialized.protocolVersion()).isEqualTo("2025-11-25");
            assertThat(initialized.capabilities().prompts()).as("every prompt method is denied").isNull();
            assertThat(client.listTools().tools()).extracting(McpSchema.Tool::name)
                    .containsExactlyInAnyOrder("get_users", "get_posts");
            assertThat(client.callTool(new McpSchema.CallToolRequest("get_users", Map.of())).isError())
                    .isNotEqualTo(Boolean.TRUE);

            Throwable blocked = catchThrowable(() -> client.callTool(
                    new McpSchema.CallToolRequest("delete_user", Map.of("id", 1))));

            // This SDK turns any 403 into this exception and does not expose the body (-32002, checked by the
            // raw-client ITs); the session goes on working.
            assertThat(blocked).isInstanceOf(McpHttpClientTransportAuthorizationException.class);
            assertThat(((McpHttpClientTransportAuthorizationException) blocked).getResponseInfo().statusCode())
                    .isEqualTo(403);
            assertThat(client.callTool(new McpSchema.CallToolRequest("get_posts", Map.of())).isError())
                    .isNotEqualTo(Boolean.TRUE);
        }
    }
}
