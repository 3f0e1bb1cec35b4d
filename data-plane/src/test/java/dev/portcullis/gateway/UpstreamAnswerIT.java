package dev.portcullis.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.portcullis.gateway.observe.CompletedRequest;
import dev.portcullis.gateway.observe.RequestObservation;
import dev.portcullis.gateway.observe.RequestObserver;
import dev.portcullis.gateway.observe.RequestObservers;
import dev.portcullis.gateway.support.AgentClient;
import dev.portcullis.gateway.support.BrokenUpstream;
import dev.portcullis.gateway.support.RunningGateway;
import dev.portcullis.gateway.support.Teardown;
import dev.portcullis.gateway.support.TestFeed;
import dev.portcullis.gateway.support.TestProxies;
import dev.portcullis.gateway.support.TestSnapshots;
import dev.portcullis.mock.MockMcpOptions;
import dev.portcullis.mock.MockMcpServer;
import dev.portcullis.model.analytics.AnalyticsRecord;
import io.vertx.core.Vertx;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gateway records what the upstream answered (a JSON-RPC error code, a tool error) in the request's observation,
 * for JSON and SSE answers, while the answer streams unchanged to the agent. Real gateway, real mock MCP server.
 */
class UpstreamAnswerIT {

    private static final String OPEN = "\"authentication\":{\"enabled\":false},";
    private static final String CANNED_STREAM = """
            id: 1
            event: message
            data: {"jsonrpc":"2.0","method":"notifications/progress","params":{"progressToken":"p","progress":1,\
            "message":"working","error":{"code":-32603}}}

            : keep-alive

            event: message
            data: {"jsonrpc":"2.0","id":41,"error":{"code":-32001,"message":"upstream gave up"}}

            """;

    @TempDir
    static Path dataDir;

    private static final Queue<AnalyticsRecord> RECORDS = new ConcurrentLinkedQueue<>();

    private static Vertx vertx;
    private static MockMcpServer mock;
    private static MockMcpServer streamingMock;
    private static BrokenUpstream canned;
    private static BrokenUpstream refusingLists;
    private static TestFeed feed;
    private static RunningGateway gateway;
    private static AgentClient agent;

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        mock = MockMcpServer.start("127.0.0.1", 0);
        streamingMock = MockMcpServer.start(vertx, new MockMcpOptions("127.0.0.1", 0, 0,
                MockMcpOptions.SseMode.ALWAYS, MockMcpOptions.DEFAULT_HEARTBEAT));
        canned = BrokenUpstream.start(vertx, "text/event-stream", CANNED_STREAM);
        refusingLists = BrokenUpstream.start(vertx, "application/json", """
                {"jsonrpc":"2.0","id":51,"error":{"code":-32601,"message":"Method not found"}}""");
        feed = TestFeed.start(vertx);
        TestSnapshots snapshots = new TestSnapshots();
        feed.publish(snapshots.sign(1, List.of(
                TestProxies.definition("json", "/json/", "http://127.0.0.1:" + mock.port(), OPEN),
                TestProxies.definition("progress", "/progress/", "http://127.0.0.1:" + mock.port(), OPEN),
                TestProxies.definition("sse", "/sse/", "http://127.0.0.1:" + streamingMock.port(), OPEN),
                TestProxies.definition("canned", "/canned/", canned.url(), OPEN),
                TestProxies.definition("lists", "/lists/", refusingLists.url(), OPEN)), List.of()));
        RequestObserver recorder = new RequestObserver() {
            @Override
            public void completed(RequestObservation observation, CompletedRequest request) {
                RECORDS.add(request.record());
            }
        };
        gateway = RunningGateway.start(vertx, feed.url(), snapshots.publicKey(), dataDir,
                new RequestObservers(List.of(recorder)));
        await().atMost(Duration.ofSeconds(10)).until(() -> gateway.version() == 1);
        agent = new AgentClient(gateway.baseUrl());
    }

    @AfterAll
    static void stop() throws Exception {
        Teardown.closeAll(vertx, gateway, feed, mock, streamingMock, canned, refusingLists);
    }

    @Test
    void recordsTheJsonRpcErrorCodeOfAnUnknownToolAnsweredIn200() throws Exception {
        HttpResponse<String> response = call("json", 11, "no_such_tool", "{}", "application/json");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(AgentClient.message(response).at("/error/code").asInt()).isEqualTo(-32602);
        AnalyticsRecord record = recordOf("json", "no_such_tool");
        assertThat(record.upstreamErrorCode()).isEqualTo(-32602);
        assertThat(record.toolError()).isFalse();
    }

    @Test
    void recordsAToolErrorForBadArguments() throws Exception {
        HttpResponse<String> response = call("json", 12, "process_order", "{\"user_id\":0,\"items\":[]}",
                "application/json");

        assertThat(AgentClient.message(response).at("/result/isError").asBoolean()).isTrue();
        AnalyticsRecord record = recordOf("json", "process_order");
        assertThat(record.toolError()).isTrue();
        assertThat(record.upstreamErrorCode()).isNull();
    }

    @Test
    void recordsNoErrorForASuccessfulCall() throws Exception {
        HttpResponse<String> response = call("json", 13, "get_users", "{}", "application/json");

        assertThat(AgentClient.message(response).at("/result/isError").asBoolean()).isFalse();
        AnalyticsRecord record = recordOf("json", "get_users");
        assertThat(record.upstreamErrorCode()).isNull();
        assertThat(record.toolError()).isFalse();
    }

    @Test
    void findsErrorsAndToolErrorsInSseAnswers() throws Exception {
        HttpResponse<String> unknown = call("sse", 21, "no_such_tool", "{}", AgentClient.ACCEPT_BOTH);
        HttpResponse<String> invalid = call("sse", 22, "slow_response", "{\"delay_seconds\":-1}",
                AgentClient.ACCEPT_BOTH);

        assertThat(unknown.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
                assertThat(type).startsWith("text/event-stream"));
        assertThat(AgentClient.message(unknown).at("/error/code").asInt()).isEqualTo(-32602);
        assertThat(recordOf("sse", "no_such_tool").upstreamErrorCode()).isEqualTo(-32602);
        assertThat(AgentClient.message(invalid).at("/result/isError").asBoolean()).isTrue();
        assertThat(recordOf("sse", "slow_response").toolError()).isTrue();
    }

    @Test
    void relaysProgressNotificationsWholeAndRecordsTheSuccessfulAnswerAfterThem() throws Exception {
        HttpResponse<String> response = agent.post("/progress/mcp", """
                {"jsonrpc":"2.0","id":31,"method":"tools/call","params":{"name":"slow_response",
                 "arguments":{"delay_seconds":0.6},"_meta":{"progressToken":"tok"}}}""",
                "Mcp-Session-Id", agent.initialize("/progress/mcp"));

        assertThat(response.body()).contains("notifications/progress").contains("\"isError\":false");
        assertThat(AgentClient.message(response).at("/id").asInt()).isEqualTo(31);
        AnalyticsRecord record = recordOf("progress", "slow_response");
        assertThat(record.upstreamErrorCode()).isNull();
        assertThat(record.toolError()).isFalse();
    }

    @Test
    void skipsNotificationsCarryingErrorsAndFindsTheAnswerEventOfTheRequest() throws Exception {
        HttpResponse<String> response = agent.post("/canned/mcp", """
                {"jsonrpc":"2.0","id":41,"method":"tools/call","params":{"name":"long_job","arguments":{}}}""");

        assertThat(response.body()).isEqualTo(CANNED_STREAM);
        AnalyticsRecord record = recordOf("canned", "long_job");
        assertThat(record.upstreamErrorCode()).isEqualTo(-32001);
        assertThat(record.toolError()).isFalse();
    }

    @Test
    void recordsTheErrorCodeOfAListAnswerThatGoesThroughDiscoveryFiltering() throws Exception {
        HttpResponse<String> response = agent.post("/lists/mcp", """
                {"jsonrpc":"2.0","id":51,"method":"tools/list"}""", "Accept", "application/json");

        assertThat(AgentClient.message(response).at("/error/code").asInt()).isEqualTo(-32601);
        AnalyticsRecord record = await().atMost(Duration.ofSeconds(10)).until(() -> RECORDS.stream()
                .filter(r -> "lists".equals(r.proxy())).findFirst().orElse(null), r -> r != null);
        assertThat(record.upstreamErrorCode()).isEqualTo(-32601);
        assertThat(record.toolError()).isFalse();
    }

    private static HttpResponse<String> call(String proxy, int id, String tool, String arguments, String accept)
            throws Exception {
        String path = "/" + proxy + "/mcp";
        return agent.post(path, """
                {"jsonrpc":"2.0","id":%d,"method":"tools/call","params":{"name":"%s","arguments":%s}}"""
                .formatted(id, tool, arguments), "Mcp-Session-Id", agent.initialize(path), "Accept", accept);
    }

    private static AnalyticsRecord recordOf(String proxy, String tool) {
        return await().atMost(Duration.ofSeconds(10)).until(() -> RECORDS.stream()
                .filter(record -> proxy.equals(record.proxy()) && tool.equals(record.mcpPrimitiveName()))
                .findFirst().orElse(null), record -> record != null);
    }
}
