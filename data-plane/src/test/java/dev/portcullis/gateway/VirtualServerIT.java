package dev.portcullis.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portcullis.gateway.config.GatewaySettings;
import dev.portcullis.gateway.observe.CompletedRequest;
import dev.portcullis.gateway.observe.KnownPrimitives;
import dev.portcullis.gateway.observe.RequestObservation;
import dev.portcullis.gateway.observe.RequestObserver;
import dev.portcullis.gateway.observe.RequestObservers;
import dev.portcullis.gateway.support.AgentClient;
import dev.portcullis.gateway.support.NodeClients;
import dev.portcullis.gateway.support.RunningGateway;
import dev.portcullis.gateway.support.Teardown;
import dev.portcullis.gateway.support.TestFeed;
import dev.portcullis.gateway.support.TestProxies;
import dev.portcullis.gateway.support.TestSessionKeys;
import dev.portcullis.gateway.upstream.GatewaySecretKey;
import dev.portcullis.gateway.support.TestSnapshots;
import dev.portcullis.mock.MockMcpServer;
import dev.portcullis.model.analytics.AnalyticsRecord;
import dev.portcullis.model.json.Json;
import dev.portcullis.model.key.KeyEntry;
import dev.portcullis.model.key.KeyTokens;
import dev.portcullis.model.policy.Policy;
import dev.portcullis.model.proxy.ProxyDefinition;
import io.vertx.core.Vertx;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A virtual server over two real upstreams, the bundled mock MCP server and the MCP reference server
 * (server-everything, from npm), through the real gateway, spoken to by the official TypeScript SDK client
 * (2025-11-25 sessions): both tool sets listed with their prefixes, a tool of each member called, progress and
 * sampling from server-everything reaching the agent, each member's own limits and blocks applying, the consumer's
 * allowlist applying to the virtual names, and the record naming the member. A second virtual server over two
 * 2026-07-28 servers (the official 2.x server) is spoken to by the 2.x client pinned to 2026-07-28.
 */
class VirtualServerIT {

    private static final String KEY = KeyTokens.generate();
    private static final String NARROW_KEY = KeyTokens.generate();

    @TempDir
    static Path dataDir;

    private static final Queue<CompletedRequest> COMPLETED = new ConcurrentLinkedQueue<>();
    private static Vertx vertx;
    private static MockMcpServer mock;
    private static Process everything;
    private static final List<Process> STATELESS = new ArrayList<>();
    private static TestFeed feed;
    private static RunningGateway gateway;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(NodeClients.nodeAvailable(), "node is not installed");
        NodeClients.installDependencies();
        vertx = Vertx.vertx();
        mock = MockMcpServer.start("127.0.0.1", 0);
        everything = new ProcessBuilder("node", "everything-server.mjs").directory(NodeClients.NODE_DIR.toFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        int everythingPort = NodeClients.printedPort(everything, "{\"port\":");
        List<Integer> statelessPorts = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            Process server = new ProcessBuilder("node", "stateless-server.mjs").directory(NodeClients.NODE_DIR.toFile())
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            STATELESS.add(server);
            statelessPorts.add(NodeClients.printedPort(server, "listening "));
        }
        feed = TestFeed.start(vertx);
        TestSnapshots snapshots = new TestSnapshots();
        List<ProxyDefinition> proxies = List.of(
                TestProxies.definition("vs-mock", "/vs-mock/", "http://127.0.0.1:" + mock.port(), """
                        "tools":{"get_users":{"rateLimit":{"rate":2,"per":60}},"delete_user":{"block":true}},"""),
                TestProxies.definition("vs-everything", "/vs-everything/", "http://127.0.0.1:" + everythingPort),
                ProxyDefinition.parse("""
                        {"id":"all","name":"All tools","listenPath":"/all/",
                         "members":[{"proxy":"vs-mock","prefix":"mock_"},{"proxy":"vs-everything","prefix":"ev_"}]}"""),
                TestProxies.definition("modern-a", "/modern-a/", "http://127.0.0.1:" + statelessPorts.get(0)),
                TestProxies.definition("modern-b", "/modern-b/", "http://127.0.0.1:" + statelessPorts.get(1)),
                ProxyDefinition.parse("""
                        {"id":"modern","name":"Modern","listenPath":"/modern/",
                         "members":[{"proxy":"modern-a","prefix":"a_"},
                                    {"proxy":"modern-b","prefix":"b_","rename":{"tools":{"get_user":"whoami"}}}]}"""));
        List<Policy> policies = List.of(
                Policy.parse("""
                        {"id":"everything","name":"everything","accessRights":{"all":{},"modern":{}}}"""),
                Policy.parse("""
                        {"id":"narrow","name":"narrow","accessRights":{"all":
                          {"mcpAccessRights":{"tools":{"allowed":["mock_get_users","ev_echo"]}}}}}"""));
        List<KeyEntry> keys = List.of(
                new KeyEntry("vs-agent", "vs-agent", KeyTokens.hash(KEY), null, List.of(), List.of("everything")),
                new KeyEntry("vs-narrow", "vs-narrow", KeyTokens.hash(NARROW_KEY), null, List.of(),
                        List.of("narrow")));
        // Sessions are bound to their consumer: the snapshot carries session keys sealed for this gateway's key.
        PublicKey gatewayKey = GatewaySecretKey.loadOrCreate(dataDir).getPublic();
        feed.publish(snapshots.signWithSessionKeys(1, proxies, keys, policies,
                TestSessionKeys.sealedFor(gatewayKey, TestSessionKeys.generate("1"))));
        GatewaySettings.CounterStore counters = new GatewaySettings.CounterStore("redis://127.0.0.1:6379",
                "vs-it-" + UUID.randomUUID() + ":", Duration.ofMillis(500), GatewaySettings.OnRedisFailure.LOCAL);
        gateway = RunningGateway.start(vertx, feed.url(), snapshots.publicKey(), dataDir, counters,
                new RequestObservers(List.of(new Recorder())), new KnownPrimitives());
        await().atMost(Duration.ofSeconds(10)).until(() -> gateway.version() == 1);
    }

    @AfterAll
    static void stop() throws Exception {
        if (everything != null) {
            everything.destroyForcibly();
        }
        STATELESS.forEach(Process::destroyForcibly);
        Teardown.closeAll(vertx, gateway, feed, mock);
    }

    @Test
    void theSdkClientSeesBothMembersPrefixedCallsEachAndGetsProgressAndSampling() throws Exception {
        JsonNode out = client(KEY, """
                [["mock_get_users",{}],["ev_echo",{"message":"hi"}],
                 ["ev_trigger-long-running-operation",{"duration":1,"steps":3}],
                 ["ev_trigger-sampling-request",{"prompt":"hello","maxTokens":10}]]""");

        assertThat(out.has("failed")).as(out.toString()).isFalse();
        List<String> tools = names(out.get("tools"));
        assertThat(tools).contains("mock_get_users", "mock_get_posts", "ev_echo", "ev_get-sum",
                "ev_trigger-sampling-request").noneMatch(name -> !name.startsWith("mock_") && !name.startsWith("ev_"));
        assertThat(tools).as("the member's block hides the tool").doesNotContain("mock_delete_user");
        JsonNode calls = out.get("calls");
        assertThat(calls.at("/mock_get_users/isError").asBoolean()).as(out.toString()).isFalse();
        assertThat(calls.at("/ev_echo/text").asText()).as(out.toString()).contains("hi");
        assertThat(calls.at("/ev_trigger-long-running-operation/progress").asInt()).as(out.toString())
                .isGreaterThanOrEqualTo(2);
        assertThat(out.get("sampled").asInt()).as(out.toString()).isEqualTo(1);
        assertThat(calls.at("/ev_trigger-sampling-request/text").asText()).as(out.toString())
                .contains("sampled by the agent");
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(records()).anySatisfy(record -> {
            assertThat(record.proxy()).isEqualTo("all");
            assertThat(record.member()).isEqualTo("vs-everything");
            assertThat(record.mcpPrimitiveName()).isEqualTo("ev_echo");
        }));
        assertThat(legs()).as("member legs are logged, marked with the virtual server")
                .anySatisfy(leg -> assertThat(leg.record().proxy()).isEqualTo("vs-everything"));
    }

    @Test
    void aKeyWithAnAllowlistOnVirtualNamesSeesAndCallsOnlyThose() throws Exception {
        JsonNode out = client(NARROW_KEY, "[[\"mock_get_users\",{}],[\"ev_get-sum\",{\"a\":1,\"b\":2}]]");

        assertThat(names(out.get("tools"))).as(out.toString()).containsExactlyInAnyOrder("mock_get_users", "ev_echo");
        assertThat(out.at("/calls/mock_get_users/isError").asBoolean()).as(out.toString()).isFalse();
        assertThat(out.at("/calls/ev_get-sum/rejected").asText()).as(out.toString()).isNotEmpty();
    }

    @Test
    void aMembersSharedRateLimitAndBlockApplyThroughTheVirtualServer() throws Exception {
        AgentClient agent = new AgentClient(gateway.baseUrl());
        String session = agent.initialize("/all/mcp", "Authorization", "Bearer " + KEY);
        String[] headers = {"Authorization", "Bearer " + KEY, "Mcp-Session-Id", session,
                "MCP-Protocol-Version", "2025-11-25"};
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            statuses.add(agent.post("/all/mcp", call(10 + i, "mock_get_users"), headers).statusCode());
        }
        assertThat(statuses).contains(429);

        HttpResponse<String> blocked = agent.post("/all/mcp", call(20, "mock_delete_user"), headers);
        assertThat(blocked.statusCode()).as(blocked.body()).isEqualTo(403);
        assertThat(AgentClient.message(blocked).at("/error/code").asInt()).isEqualTo(-32002);

        HttpResponse<String> unknown = agent.post("/all/mcp", call(21, "nobody_has_this"), headers);
        assertThat(unknown.statusCode()).isEqualTo(200);
        JsonNode error = AgentClient.message(unknown).get("error");
        assertThat(error.get("code").asInt()).isEqualTo(-32602);
        assertThat(error.get("message").asText()).isEqualTo("unknown tool 'nobody_has_this'");
        assertThat(error.at("/data/reason").asText()).isEqualTo("unknown_primitive");
    }

    @Test
    void theModernClientDiscoversListsAndCallsThroughTheVirtualServer() throws Exception {
        String line = NodeClients.lastLine("stateless-client.mjs", gateway.baseUrl() + "/modern/mcp", KEY,
                "a_get_user", "whoami", "b_list_users", "b_get_user");
        JsonNode out = Json.mapper().readTree(line);

        assertThat(out.has("failed")).as(out.toString()).isFalse();
        assertThat(names(out.get("tools"))).as(out.toString()).contains("a_get_user", "a_list_users", "whoami",
                "b_list_users").doesNotContain("b_get_user");
        assertThat(out.at("/calls/a_get_user").asText()).isEqualTo("ran get_user");
        assertThat(out.at("/calls/whoami").asText()).isEqualTo("ran get_user");
        assertThat(out.at("/calls/b_list_users").asText()).isEqualTo("ran list_users");
        assertThat(out.at("/calls/b_get_user/error").asInt()).as(out.toString()).isEqualTo(-32602);
    }

    @Test
    void aSessionReplayedByAnotherKeyIsUnknown() throws Exception {
        AgentClient agent = new AgentClient(gateway.baseUrl());
        String session = agent.initialize("/all/mcp", "Authorization", "Bearer " + KEY);

        HttpResponse<String> replayed = agent.post("/all/mcp", call(30, "mock_get_users"),
                "Authorization", "Bearer " + NARROW_KEY, "Mcp-Session-Id", session,
                "MCP-Protocol-Version", "2025-11-25");

        assertThat(session).startsWith("ps1.");
        assertThat(replayed.statusCode()).as(replayed.body()).isEqualTo(404);
        assertThat(AgentClient.message(replayed).at("/error/code").asInt()).isEqualTo(-32001);
    }

    private static String call(int id, String tool) {
        return """
                {"jsonrpc":"2.0","id":%d,"method":"tools/call","params":{"name":"%s","arguments":{}}}"""
                .formatted(id, tool);
    }

    private static JsonNode client(String key, String calls) throws Exception {
        String line = NodeClients.lastLine("virtual-server-client.mjs", gateway.baseUrl() + "/all/mcp", key, calls);
        assertThat(line).as("the client printed its outcome").isNotNull();
        return Json.mapper().readTree(line);
    }

    private static List<String> names(JsonNode array) {
        List<String> out = new ArrayList<>();
        if (array != null && array.isArray()) {
            array.forEach(name -> out.add(name.asText()));
        }
        return out;
    }

    private static List<AnalyticsRecord> records() {
        return COMPLETED.stream().filter(request -> request.legOf() == null).map(CompletedRequest::record).toList();
    }

    private static List<CompletedRequest> legs() {
        return COMPLETED.stream().filter(request -> "all".equals(request.legOf())).toList();
    }

    /** Keeps every finished request. */
    private static final class Recorder implements RequestObserver {
        @Override
        public void completed(RequestObservation observation, CompletedRequest request) {
            COMPLETED.add(request);
        }
    }
}
