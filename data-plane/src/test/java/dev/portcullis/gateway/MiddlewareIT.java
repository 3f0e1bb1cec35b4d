package dev.portcullis.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portcullis.gateway.support.Teardown;
import dev.portcullis.gateway.support.AgentClient;
import dev.portcullis.gateway.support.BrokenUpstream;
import dev.portcullis.gateway.support.RunningGateway;
import dev.portcullis.gateway.support.TestFeed;
import dev.portcullis.gateway.support.TestProxies;
import dev.portcullis.gateway.support.TestSnapshots;
import dev.portcullis.launcher.services.FreePorts;
import dev.portcullis.mock.MockMcpServer;
import dev.portcullis.model.json.Json;
import dev.portcullis.model.proxy.ProxyDefinition;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Per-primitive and per-operation middleware through the real gateway and the real mock MCP server. */
class MiddlewareIT {

    private static final String KEY = TestSnapshots.newToken();

    @TempDir
    static Path dataDir;

    private static Vertx vertx;
    private static MockMcpServer mock;
    private static BrokenUpstream failing;
    private static TestSnapshots snapshots;
    private static TestFeed feed;
    private static RunningGateway gateway;
    private static AgentClient agent;

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        mock = MockMcpServer.start("127.0.0.1", 0);
        feed = TestFeed.start(vertx);
        failing = BrokenUpstream.start(vertx, "application/json", """
                {"jsonrpc":"2.0","id":1,"error":{"code":-32603,"message":"upstream broke"}}""");
        snapshots = new TestSnapshots();
        feed.publish(snapshots.sign(1, proxies(60, 1), List.of(TestSnapshots.key("k1", KEY, null, "keyed", "mocked"))));
        gateway = RunningGateway.start(vertx, feed.url(), snapshots.publicKey(), dataDir);
        await().atMost(Duration.ofSeconds(10)).until(() -> gateway.version() == 1);
        agent = new AgentClient(gateway.baseUrl());
    }

    /** Every proxy of the test; {@code stickyCoolDown} and {@code stickySample} set the "sticky" tool's breaker. */
    private static List<ProxyDefinition> proxies(int stickyCoolDown, int stickySample) throws Exception {
        String upstream = "http://127.0.0.1:" + mock.port();
        String open = "\"authentication\":{\"enabled\":false},";
        return List.of(
                TestProxies.definition("sticky", "/sticky/", upstream, open + """
                        "tools":{"slow_response":{"timeoutMs":200,
                          "circuitBreaker":{"threshold":1,"sampleSize":%d,"coolDownSeconds":%d}}},""".formatted(
                        stickySample, stickyCoolDown)),
                TestProxies.definition("erroring", "/erroring/", failing.url(), open + """
                        "operations":{"tools/call":{
                          "circuitBreaker":{"threshold":1,"sampleSize":2,"coolDownSeconds":60}}},"""),
                TestProxies.definition("breaker", "/breaker/", upstream, open + """
                        "tools":{"slow_response":{"timeoutMs":300,
                          "circuitBreaker":{"threshold":0.5,"sampleSize":2,"coolDownSeconds":1,"halfOpen":true}}},"""),
                TestProxies.definition("sse", "/sse/", upstream, open + """
                        "tools":{"slow_response":{"timeoutMs":1200}},"""),
                TestProxies.definition("sized", "/sized/", upstream, open + """
                        "global":{"requestSizeLimit":600},
                        "tools":{"get_users":{"requestSizeLimit":300},"get_anything":{"requestSizeLimit":4000}},"""),
                TestProxies.definition("headers", "/headers/", upstream, open + """
                        "global":{"transformRequestHeaders":{"add":{"X-Global":"g"}}},
                        "operations":{"tools/call":{
                          "transformRequestHeaders":{"add":{"X-Op":"op","X-Level":"operation"}},
                          "transformResponseHeaders":{"add":{"X-Resp-Op":"op"}}}},
                        "tools":{"get_anything":{
                          "transformRequestHeaders":{"add":{"X-Level":"primitive"},"remove":["X-Global"]},
                          "transformResponseHeaders":{"add":{"X-Resp-Prim":"p"},"remove":["X-Resp-Op"]}}},"""),
                TestProxies.definition("keyed", "/keyed/", upstream, """
                        "tools":{"generate_uuid":{"ignoreAuthentication":true}},"""),
                TestProxies.definition("mocked", "/mocked/", "http://127.0.0.1:" + FreePorts.pick(), """
                        "tools":{"get_users":{"mockResponse":{"content":[{"type":"text","text":"mocked"}]}},
                                 "delete_user":{"block":true}},
                        "operations":{"tools/list":{"mockResponse":{"tools":[
                          {"name":"get_users","inputSchema":{"type":"object"}},
                          {"name":"delete_user","inputSchema":{"type":"object"}}]}}},"""));
    }

    @AfterAll
    static void stop() throws Exception {
        Teardown.closeAll(vertx, gateway, feed, mock, failing);
    }

    @Test
    void timeoutsTripTheBreakerWhichAnswersAtOnceThenRecoversThroughAHalfOpenTrial() throws Exception {
        String session = agent.initialize("/breaker/mcp");

        for (int i = 0; i < 2; i++) {
            assertError(slowCall(session, 2), 504, -32004, "upstream_timeout");
        }
        long start = System.nanoTime();
        HttpResponse<String> refused = slowCall(session, 0);
        long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        assertError(refused, 503, -32004, "circuit_open");
        assertThat(elapsedMs).isLessThan(250);
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(200))
                .until(() -> slowCall(session, 0).statusCode() == 200);
        assertThat(slowCall(session, 0).statusCode()).isEqualTo(200);
    }

    @Test
    void jsonRpcInternalErrorsPassThroughUnchangedAndTripTheOperationsBreaker() throws Exception {
        for (int i = 0; i < 2; i++) {
            HttpResponse<String> passed = agent.post("/erroring/mcp", call(20 + i, "get_users", ""),
                    "Accept", "application/json");
            assertThat(passed.statusCode()).isEqualTo(200);
            assertThat(Json.mapper().readTree(passed.body()).at("/error/code").asInt()).isEqualTo(-32603);
        }

        assertError(agent.post("/erroring/mcp", call(22, "get_posts", ""), "Accept", "application/json"),
                503, -32004, "circuit_open");
        assertThat(agent.post("/erroring/mcp", """
                {"jsonrpc":"2.0","id":23,"method":"tools/list"}""", "Accept", "application/json").statusCode())
                .as("tools/list has no breaker").isEqualTo(200);
    }

    @Test
    void anOpenBreakerStaysOpenAcrossSnapshotsThatKeepItsSettingsAndRestartsWhenTheyChange() throws Exception {
        String session = agent.initialize("/sticky/mcp");
        assertError(stickyCall(session), 504, -32004, "upstream_timeout");
        assertError(stickyCall(session), 503, -32004, "circuit_open");

        publish(2, proxies(60, 1));
        assertError(stickyCall(session), 503, -32004, "circuit_open");

        publish(3, proxies(60, 2));
        assertError(stickyCall(session), 504, -32004, "upstream_timeout");
    }

    private static void publish(long version, List<ProxyDefinition> proxies) {
        feed.publish(snapshots.sign(version, proxies, List.of(TestSnapshots.key("k1", KEY, null, "keyed", "mocked"))));
        await().atMost(Duration.ofSeconds(10)).until(() -> gateway.version() == version);
    }

    private static HttpResponse<String> stickyCall(String session) throws Exception {
        return agent.post("/sticky/mcp", """
                {"jsonrpc":"2.0","id":30,"method":"tools/call","params":{"name":"slow_response",
                 "arguments":{"delay_seconds":2}}}""", "Mcp-Session-Id", session, "Accept", "application/json");
    }

    @Test
    void otherToolsOfTheProxyAreNotGuardedByTheToolsBreaker() throws Exception {
        String session = agent.initialize("/breaker/mcp");

        HttpResponse<String> response = agent.post("/breaker/mcp", """
                {"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":"generate_uuid","arguments":{}}}""",
                "Mcp-Session-Id", session, "Accept", "application/json");

        assertThat(response.statusCode()).isEqualTo(200);
    }

    @Test
    void aTimedOutSseAnswerEndsCleanlyWithATimeoutErrorForTheRequest() throws Exception {
        String session = agent.initialize("/sse/mcp");
        HttpRequest request = agent.request("/sse/mcp")
                .header("Content-Type", "application/json")
                .header("Accept", AgentClient.ACCEPT_BOTH)
                .header("Mcp-Session-Id", session)
                .POST(HttpRequest.BodyPublishers.ofString("""
                        {"jsonrpc":"2.0","id":41,"method":"tools/call","params":{"name":"slow_response",
                         "arguments":{"delay_seconds":5},"_meta":{"progressToken":"p1"}}}""")).build();
        long start = System.nanoTime();

        HttpResponse<InputStream> response = agent.http().send(request, HttpResponse.BodyHandlers.ofInputStream());
        List<JsonNode> messages = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.startsWith("data:")) {
                    messages.add(Json.mapper().readTree(line.substring(5).strip()));
                }
            }
        }
        long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(elapsedMs).isBetween(1000L, 4000L);
        assertThat(messages).isNotEmpty();
        assertThat(messages.get(0).path("method").asText()).isEqualTo("notifications/progress");
        JsonNode last = messages.get(messages.size() - 1);
        assertThat(last.path("id").asInt()).isEqualTo(41);
        assertThat(last.at("/error/code").asInt()).isEqualTo(-32004);
        assertThat(last.at("/error/data/reason").asText()).isEqualTo("upstream_timeout");
    }

    @Test
    void aPrimitiveSizeLimitRefusesBodiesTheProxyLimitWouldAccept() throws Exception {
        String session = agent.initialize("/sized/mcp");
        String padding = "x".repeat(400);

        HttpResponse<String> limited = agent.post("/sized/mcp", call(8, "get_users", padding),
                "Mcp-Session-Id", session, "Accept", "application/json");
        HttpResponse<String> global = agent.post("/sized/mcp", call(9, "get_posts", padding),
                "Mcp-Session-Id", session, "Accept", "application/json");

        assertError(limited, 413, -32600, "body_too_large");
        assertThat(AgentClient.message(limited).path("id").asInt()).isEqualTo(8);
        assertThat(global.statusCode()).isEqualTo(200);
    }

    @Test
    void aLargerPrimitiveSizeLimitLetsThatPrimitiveAloneExceedTheProxyLimit() throws Exception {
        String session = agent.initialize("/sized/mcp");
        String padding = "x".repeat(1500);

        HttpResponse<String> larger = agent.post("/sized/mcp", call(10, "get_anything", padding),
                "Mcp-Session-Id", session, "Accept", "application/json");
        HttpResponse<String> other = agent.post("/sized/mcp", call(11, "get_posts", padding),
                "Mcp-Session-Id", session, "Accept", "application/json");

        assertThat(larger.statusCode()).isEqualTo(200);
        assertError(other, 413, -32600, "body_too_large");
    }

    @Test
    void operationAndPrimitiveHeaderTransformsApplyInTurnOnBothSides() throws Exception {
        String session = agent.initialize("/headers/mcp");

        HttpResponse<String> anything = agent.post("/headers/mcp", call(12, "get_anything", ""),
                "Mcp-Session-Id", session, "Accept", "application/json");
        HttpResponse<String> users = agent.post("/headers/mcp", call(13, "get_users", ""),
                "Mcp-Session-Id", session, "Accept", "application/json");

        assertThat(anything.statusCode()).isEqualTo(200);
        JsonNode echoed = AgentClient.message(anything).at("/result/structuredContent/headers");
        assertThat(echoed.path("x-op").asText()).isEqualTo("op");
        assertThat(echoed.path("x-level").asText()).isEqualTo("primitive");
        assertThat(echoed.has("x-global")).isFalse();
        assertThat(anything.headers().firstValue("X-Resp-Prim")).contains("p");
        assertThat(anything.headers().firstValue("X-Resp-Op")).isEmpty();
        assertThat(users.headers().firstValue("X-Resp-Op")).contains("op");
        assertThat(users.headers().firstValue("X-Resp-Prim")).isEmpty();
    }

    @Test
    void ignoreAuthenticationOpensOnePrimitiveWhileTheOthersStillNeedAKey() throws Exception {
        String session = agent.initialize("/keyed/mcp", "Authorization", "Bearer " + KEY);

        HttpResponse<String> open = agent.post("/keyed/mcp", call(14, "generate_uuid", ""),
                "Mcp-Session-Id", session, "Accept", "application/json");
        HttpResponse<String> closed = agent.post("/keyed/mcp", call(15, "get_users", ""),
                "Mcp-Session-Id", session, "Accept", "application/json");

        assertThat(open.statusCode()).isEqualTo(200);
        assertThat(AgentClient.message(open).has("result")).isTrue();
        assertError(closed, 401, -32001, "missing_credential");
    }

    @Test
    void mockResponsesAreAnsweredWithoutTheUpstream() throws Exception {
        HttpResponse<String> mocked = agent.post("/mocked/mcp", call(16, "get_users", ""),
                "Authorization", "Bearer " + KEY, "Accept", "application/json");
        HttpResponse<String> unauthenticated = agent.post("/mocked/mcp", call(17, "get_users", ""),
                "Accept", "application/json");
        HttpResponse<String> notMocked = agent.post("/mocked/mcp", call(18, "get_posts", ""),
                "Authorization", "Bearer " + KEY, "Accept", "application/json");

        assertThat(mocked.statusCode()).isEqualTo(200);
        JsonNode answer = Json.mapper().readTree(mocked.body());
        assertThat(answer.path("jsonrpc").asText()).isEqualTo("2.0");
        assertThat(answer.path("id").asInt()).isEqualTo(16);
        assertThat(answer.at("/result/content/0/text").asText()).isEqualTo("mocked");
        assertError(unauthenticated, 401, -32001, "missing_credential");
        assertError(notMocked, 502, -32004, "upstream_unreachable");
    }

    @Test
    void aMockedAnswerGoesBackThroughThePipelineLikeAnUpstreamOne() throws Exception {
        HttpResponse<String> listed = agent.post("/mocked/mcp", "{\"jsonrpc\":\"2.0\",\"id\":19,\"method\":\"tools/list\"}",
                "Authorization", "Bearer " + KEY, "Accept", "application/json");

        assertThat(listed.statusCode()).isEqualTo(200);
        JsonNode tools = AgentClient.message(listed).at("/result/tools");
        assertThat(tools.findValuesAsText("name")).as("the mocked list is filtered like an upstream's")
                .containsExactly("get_users");
    }

    private static HttpResponse<String> slowCall(String session, int delaySeconds) throws Exception {
        return agent.post("/breaker/mcp", """
                {"jsonrpc":"2.0","id":5,"method":"tools/call","params":{"name":"slow_response",
                 "arguments":{"delay_seconds":%d}}}""".formatted(delaySeconds),
                "Mcp-Session-Id", session, "Accept", "application/json");
    }

    private static String call(int id, String tool, String padding) {
        return """
                {"jsonrpc":"2.0","id":%d,"method":"tools/call","params":{"name":"%s","arguments":{},
                 "_meta":{"padding":"%s"}}}""".formatted(id, tool, padding);
    }

    private static void assertError(HttpResponse<String> response, int status, int code, String reason)
            throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        JsonNode body = Json.mapper().readTree(response.body());
        assertThat(body.at("/error/code").asInt()).isEqualTo(code);
        assertThat(body.at("/error/data/reason").asText()).isEqualTo(reason);
    }
}
