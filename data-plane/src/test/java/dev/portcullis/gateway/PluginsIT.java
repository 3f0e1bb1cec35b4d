package dev.portcullis.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portcullis.gateway.support.AgentClient;
import dev.portcullis.gateway.support.HeaderDispatchingUpstream;
import dev.portcullis.gateway.support.RunningGateway;
import dev.portcullis.gateway.support.Teardown;
import dev.portcullis.gateway.support.TestFeed;
import dev.portcullis.gateway.support.TestProxies;
import dev.portcullis.gateway.support.TestSnapshots;
import dev.portcullis.mock.MockMcpOptions;
import dev.portcullis.mock.MockMcpServer;
import dev.portcullis.model.plugin.InstalledPlugins;
import dev.portcullis.model.plugin.PluginFolder;
import dev.portcullis.model.proxy.ProxyDefinition;
import dev.portcullis.plugin.GatewayPlugin;
import dev.portcullis.plugin.PluginFilter;
import dev.portcullis.plugin.PluginRequest;
import dev.portcullis.plugin.RequestOutcome;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import io.vertx.core.Vertx;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Operator plugins loaded the way an operator installs them: the example jars (built by the reactor) in the
 * gateway's plugins folder. The {@code server-time} virtual tool is listed and answered by the gateway without the
 * upstream, in both revisions; the {@code redact} plugin edits JSON and SSE answers; a snapshot naming a plugin the
 * gateway lacks, or a config its plugin refuses, is rejected and reported while the old configuration serves on.
 * A plugin defined by the test shows the placements: {@code beforeAuth} runs before authentication, {@code afterAuth}
 * sees the consumer and edits the upstream's headers.
 */
class PluginsIT {

    private static final String KEY = TestSnapshots.newToken();
    private static final String META = """
            "_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28",
             "io.modelcontextprotocol/clientInfo":{"name":"it","version":"1"}}""";

    @TempDir
    static Path dataDir;

    private static Vertx vertx;
    private static MockMcpServer mock;
    private static MockMcpServer sseMock;
    private static HeaderDispatchingUpstream stateless;
    private static TestSnapshots snapshots;
    private static TestFeed feed;
    private static RunningGateway gateway;
    private static AgentClient agent;

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        mock = MockMcpServer.start("127.0.0.1", 0);
        sseMock = MockMcpServer.start(new MockMcpOptions("127.0.0.1", 0, 0, MockMcpOptions.SseMode.ALWAYS,
                MockMcpOptions.DEFAULT_HEARTBEAT));
        stateless = HeaderDispatchingUpstream.start(vertx, """
                {"resultType":"complete","supportedVersions":["2026-07-28"],"capabilities":{"tools":{}}}""", """
                [{"name":"get_user","inputSchema":{"type":"object"}}]""");
        feed = TestFeed.start(vertx);
        snapshots = new TestSnapshots();
        publish(1, proxies("""
                {"name":"server-time","config":{"zone":"Europe/Paris"}}"""));
        InstalledPlugins installed = PluginFolder.load(Path.of(System.getProperty("example-plugins.dir")));
        assertThat(installed.names()).containsExactlyInAnyOrder("server-time", "redact");
        List<GatewayPlugin> plugins = new ArrayList<>();
        installed.names().forEach(name -> plugins.add(installed.find(name)));
        plugins.add(new HeaderPlugin());
        gateway = RunningGateway.start(vertx, RunningGateway.settings(feed.url(), snapshots.publicKey(), dataDir),
                InstalledPlugins.of(plugins));
        await().atMost(Duration.ofSeconds(10)).until(() -> gateway.version() == 1);
        agent = new AgentClient(gateway.baseUrl());
    }

    @AfterAll
    static void stop() throws Exception {
        Teardown.closeAll(vertx, gateway, feed, mock, sseMock, stateless);
    }

    /** Every proxy carries {@code serverTime} (a {@code global.plugins} entry) and the redaction. */
    private static List<ProxyDefinition> proxies(String serverTime) {
        String plugins = """
                "authentication":{"enabled":false},
                "global":{"plugins":[%s,{"name":"redact","placement":"response"}]},""".formatted(serverTime);
        return List.of(
                TestProxies.definition("json", "/json/", "http://127.0.0.1:" + mock.port(), plugins),
                TestProxies.definition("sse", "/sse/", "http://127.0.0.1:" + sseMock.port(), plugins),
                TestProxies.definition("rev", "/rev/", stateless.url(), plugins),
                TestProxies.definition("keyed", "/keyed/", stateless.url(), """
                        "tools":{"get_user":{"plugins":[
                          {"name":"test-headers","placement":"beforeAuth","config":{"refuse":"X-Block"}},
                          {"name":"test-headers","placement":"afterAuth","config":{}}]}},"""),
                TestProxies.definition("odd", "/odd/", stateless.url(), """
                        "authentication":{"enabled":false},
                        "tools":{"invalid":{"plugins":[{"name":"test-headers","config":{"mode":"error"}}]},
                                 "broken":{"plugins":[{"name":"test-headers","config":{"mode":"throw"}}]}},"""));
    }

    private static void publish(long version, List<ProxyDefinition> proxies) {
        feed.publish(snapshots.sign(version, proxies, List.of(TestSnapshots.key("k1", KEY, null, "keyed"))));
    }

    @Test
    void theSdkClientSeesAndCallsTheVirtualToolAndGetsRedactedJsonAnswers() {
        try (McpSyncClient client = connect("/json/mcp")) {
            client.initialize();

            assertThat(client.listTools().tools()).extracting(McpSchema.Tool::name)
                    .contains("server_time", "get_users");
            assertServerTime(client.callTool(new McpSchema.CallToolRequest("server_time", Map.of())));
            assertRedacted(client.callTool(new McpSchema.CallToolRequest("get_users", Map.of())));
        }
    }

    @Test
    void sseAnswersAreEditedEventByEvent() {
        try (McpSyncClient client = connect("/sse/mcp")) {
            client.initialize();

            assertThat(client.listTools().tools()).extracting(McpSchema.Tool::name)
                    .contains("server_time", "get_users");
            assertRedacted(client.callTool(new McpSchema.CallToolRequest("get_users", Map.of())));
        }
    }

    @Test
    void aStatelessRequestGetsTheVirtualToolListedAndAnsweredWithoutTheUpstream() throws Exception {
        stateless.clear();

        HttpResponse<String> list = agent.post("/rev/mcp", """
                {"jsonrpc":"2.0","id":1,"method":"tools/list","params":{%s}}""".formatted(META),
                "MCP-Protocol-Version", "2026-07-28", "Mcp-Method", "tools/list");
        HttpResponse<String> call = statelessCall("/rev/mcp", "server_time");

        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(AgentClient.message(list).at("/result/tools").findValuesAsText("name"))
                .containsExactly("get_user", "server_time");
        assertThat(call.statusCode()).isEqualTo(200);
        JsonNode result = AgentClient.message(call).get("result");
        assertThat(result.at("/structuredContent/zone").asText()).isEqualTo("Europe/Paris");
        assertThat(stateless.received()).extracting(received -> received.headers().get("Mcp-Method"))
                .containsExactly("tools/list");
    }

    @Test
    void beforeAuthRunsBeforeAuthenticationAndAfterAuthSeesTheConsumer() throws Exception {
        stateless.clear();
        String call = """
                {"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"get_user","arguments":{},%s}}"""
                .formatted(META);

        HttpResponse<String> refused = agent.post("/keyed/mcp", call, "MCP-Protocol-Version", "2026-07-28",
                "Mcp-Method", "tools/call", "Mcp-Name", "get_user", "X-Block", "1");
        HttpResponse<String> passed = agent.post("/keyed/mcp", call, "MCP-Protocol-Version", "2026-07-28",
                "Mcp-Method", "tools/call", "Mcp-Name", "get_user", "Authorization", "Bearer " + KEY);

        assertThat(refused.statusCode()).as("refused before the missing key is noticed").isEqualTo(403);
        assertThat(AgentClient.message(refused).at("/error/data/reason").asText()).isEqualTo("plugin_refused");
        assertThat(passed.statusCode()).isEqualTo(200);
        assertThat(stateless.received()).singleElement()
                .satisfies(received -> assertThat(received.headers().get("X-Consumer-Alias")).isEqualTo("k1-alias"));
    }

    @Test
    void aPluginsJsonRpcErrorIsTheAnswerAndAPluginThatThrowsIsAnInternalError() throws Exception {
        stateless.clear();

        HttpResponse<String> invalid = statelessCall("/odd/mcp", "invalid");
        HttpResponse<String> broken = statelessCall("/odd/mcp", "broken");

        assertThat(invalid.statusCode()).isEqualTo(200);
        assertThat(AgentClient.message(invalid).at("/error/code").asInt()).isEqualTo(-32602);
        assertThat(AgentClient.message(invalid).at("/error/message").asText()).isEqualTo("arguments refused");
        assertThat(broken.statusCode()).isEqualTo(500);
        assertThat(AgentClient.message(broken).at("/error/code").asInt()).isEqualTo(-32603);
        assertThat(broken.body()).doesNotContain("IllegalStateException").doesNotContain("plugin bug");
        assertThat(stateless.received()).isEmpty();
    }

    private static HttpResponse<String> statelessCall(String path, String tool) throws Exception {
        return agent.post(path, """
                {"jsonrpc":"2.0","id":4,"method":"tools/call","params":{"name":"%s","arguments":{},%s}}"""
                .formatted(tool, META), "MCP-Protocol-Version", "2026-07-28", "Mcp-Method", "tools/call",
                "Mcp-Name", tool);
    }

    @Test
    void aSnapshotNamingAMissingPluginOrABadConfigIsRejectedAndTheOldConfigServes() throws Exception {
        int before = feed.reports().size();

        publish(2, proxies("""
                {"name":"no-such-plugin"}"""));
        publish(3, proxies("""
                {"name":"server-time","config":{"zone":"Mars/Olympus"}}"""));

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            List<JsonNode> reports = feed.reports();
            List<String> reasons = reports.subList(before, reports.size()).stream()
                    .filter(report -> !report.get("accepted").asBoolean())
                    .map(report -> report.get("reason").asText()).toList();
            assertThat(reasons).anySatisfy(reason -> assertThat(reason)
                    .contains("global.plugins[0].name: plugin no-such-plugin is not installed"));
            assertThat(reasons).anySatisfy(reason -> assertThat(reason)
                    .contains("global.plugins[0].config: zone Mars/Olympus is not a known time-zone id"));
        });
        assertThat(gateway.version()).isEqualTo(1);
        try (McpSyncClient client = connect("/json/mcp")) {
            client.initialize();
            assertServerTime(client.callTool(new McpSchema.CallToolRequest("server_time", Map.of())));
        }
    }

    private static McpSyncClient connect(String endpoint) {
        HttpClientStreamableHttpTransport transport = HttpClientStreamableHttpTransport.builder(gateway.baseUrl())
                .endpoint(endpoint).build();
        return McpClient.sync(transport).clientInfo(new McpSchema.Implementation("portcullis-it", "1.0"))
                .requestTimeout(Duration.ofSeconds(20)).build();
    }

    private static void assertServerTime(McpSchema.CallToolResult result) {
        assertThat(result.isError()).isNotEqualTo(Boolean.TRUE);
        assertThat(result.structuredContent()).isInstanceOf(Map.class);
        Map<?, ?> structured = (Map<?, ?>) result.structuredContent();
        assertThat(structured.get("zone")).isEqualTo("Europe/Paris");
        OffsetDateTime time = OffsetDateTime.parse((String) structured.get("time"));
        assertThat(Duration.between(time.toInstant(), java.time.Instant.now()).abs()).isLessThan(Duration.ofMinutes(1));
    }

    private static void assertRedacted(McpSchema.CallToolResult result) {
        String text = ((McpSchema.TextContent) result.content().get(0)).text();
        assertThat(text).contains("[redacted]").doesNotContain("@");
    }

    /**
     * A plugin of the test: with {@code refuse}, refuses requests carrying that header (403); with {@code mode}
     * {@code error}, answers a JSON-RPC error; with {@code mode} {@code throw}, has a bug; otherwise tells the
     * upstream the consumer's alias in {@code X-Consumer-Alias}.
     */
    static final class HeaderPlugin implements GatewayPlugin {
        @Override
        public String name() {
            return "test-headers";
        }

        @Override
        public List<String> validate(JsonNode config) {
            return List.of();
        }

        @Override
        public PluginFilter create(JsonNode config) {
            String refuse = config.path("refuse").asText(null);
            String mode = config.path("mode").asText("");
            return new PluginFilter() {
                @Override
                public RequestOutcome onRequest(PluginRequest request) {
                    if (mode.equals("error")) {
                        return RequestOutcome.error(-32602, "arguments refused");
                    }
                    if (mode.equals("throw")) {
                        throw new IllegalStateException("plugin bug");
                    }
                    if (refuse != null) {
                        return request.header(refuse) != null
                                ? RequestOutcome.refuse(403, -32002, "blocked by " + refuse)
                                : RequestOutcome.proceed();
                    }
                    request.setUpstreamHeader("X-Consumer-Alias", request.consumerAlias());
                    return RequestOutcome.proceed();
                }
            };
        }
    }
}
