package dev.portcullis.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.portcullis.gateway.observe.CompletedRequest;
import dev.portcullis.gateway.observe.RequestObservation;
import dev.portcullis.gateway.observe.RequestObserver;
import dev.portcullis.gateway.observe.RequestObservers;
import dev.portcullis.gateway.support.AgentClient;
import dev.portcullis.gateway.support.RunningGateway;
import dev.portcullis.gateway.support.Teardown;
import dev.portcullis.gateway.support.TestFeed;
import dev.portcullis.gateway.support.TestProxies;
import dev.portcullis.gateway.support.TestSnapshots;
import dev.portcullis.launcher.services.FreePorts;
import dev.portcullis.mock.MockMcpOptions;
import dev.portcullis.mock.MockMcpServer;
import dev.portcullis.model.analytics.AnalyticsRecord;
import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Context;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every way the gateway answers an agent ends through the request's observation: the observers get the final record
 * first, and the answer's last bytes wait for what they hold it with (analytics: Redis confirming the record). Here an
 * observer holds each answer until the test releases it, so the test sees that the agent has nothing complete
 * before the release, and that the record made before the end says what the agent then got.
 */
class AnswerHoldIT {

    private static final String OPEN = "\"authentication\":{\"enabled\":false},";
    /** How long an answer must stay held to show that it waits (the release comes from the test, not a timer). */
    private static final long HELD_MS = 300;

    @TempDir
    static Path dataDir;

    private static final LinkedBlockingQueue<Held> HELD = new LinkedBlockingQueue<>();

    private static Vertx vertx;
    private static MockMcpServer mock;
    private static MockMcpServer streamingMock;
    private static TestFeed feed;
    private static RunningGateway gateway;
    private static AgentClient agent;

    /** An answer held by the test's observer, with the record the observers got and the event loop to release on. */
    private record Held(AnalyticsRecord record, Promise<Void> gate, Context context) {
        void release() {
            context.runOnContext(ignored -> gate.complete());
        }
    }

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        mock = MockMcpServer.start("127.0.0.1", 0);
        streamingMock = MockMcpServer.start(vertx, new MockMcpOptions("127.0.0.1", 0, 0,
                MockMcpOptions.SseMode.ALWAYS, MockMcpOptions.DEFAULT_HEARTBEAT));
        feed = TestFeed.start(vertx);
        TestSnapshots snapshots = new TestSnapshots();
        feed.publish(snapshots.sign(1, List.of(
                TestProxies.definition("json", "/json/", "http://127.0.0.1:" + mock.port(), OPEN),
                TestProxies.definition("sse", "/sse/", "http://127.0.0.1:" + streamingMock.port(), OPEN),
                TestProxies.definition("slow", "/slow/", "http://127.0.0.1:" + streamingMock.port(), OPEN + """
                        "tools":{"slow_response":{"timeoutMs":300}},"""),
                TestProxies.definition("keyed", "/keyed/", "http://127.0.0.1:" + mock.port()),
                TestProxies.definition("mocked", "/mocked/", "http://127.0.0.1:" + FreePorts.pick(), OPEN + """
                        "tools":{"get_users":{"mockResponse":{"content":[{"type":"text","text":"mocked"}]}}},""")),
                List.of()));
        RequestObserver holder = new RequestObserver() {
            @Override
            public void completed(RequestObservation observation, CompletedRequest request) {
                String method = request.record().mcpMethod();
                if (method == null || method.equals("initialize") || method.startsWith("notifications/")) {
                    return;
                }
                Promise<Void> gate = Promise.promise();
                observation.holdAnswerUntil(gate.future());
                HELD.add(new Held(request.record(), gate, Vertx.currentContext()));
            }
        };
        gateway = RunningGateway.start(vertx, feed.url(), snapshots.publicKey(), dataDir,
                new RequestObservers(List.of(holder)));
        await().atMost(Duration.ofSeconds(10)).until(() -> gateway.version() == 1);
        agent = new AgentClient(gateway.baseUrl());
    }

    @AfterAll
    static void stop() throws Exception {
        HELD.forEach(Held::release);
        Teardown.closeAll(vertx, gateway, feed, mock, streamingMock);
    }

    @Test
    void aJsonAnswerFromTheUpstreamWaitsForItsRecord() throws Exception {
        HttpResponse<String> response = heldCall("/json/mcp", toolCall(7, "get_users"), "application/json");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(AgentClient.message(response).at("/result/isError").asBoolean()).isFalse();
    }

    @Test
    void anSseAnswerFromTheUpstreamWaitsForItsRecord() throws Exception {
        HttpResponse<String> response = heldCall("/sse/mcp", toolCall(8, "get_users"), AgentClient.ACCEPT_BOTH);

        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
                assertThat(type).startsWith("text/event-stream"));
        assertThat(AgentClient.message(response).at("/id").asInt()).isEqualTo(8);
    }

    @Test
    void theAnswerEventOfAnSseStreamIsHeldNotJustTheStreamsEnd() throws Exception {
        String session = agent.initialize("/sse/mcp");
        HttpRequest request = agent.request("/sse/mcp").POST(HttpRequest.BodyPublishers.ofString(
                        "{\"jsonrpc\":\"2.0\",\"id\":18,\"method\":\"tools/call\",\"params\":{\"name\":"
                                + "\"slow_response\",\"arguments\":{\"delay_seconds\":0.3},\"_meta\":"
                                + "{\"progressToken\":\"p18\"}}}"))
                .header("Content-Type", "application/json").header("Accept", AgentClient.ACCEPT_BOTH)
                .header("Mcp-Session-Id", session).build();
        HttpResponse<java.util.stream.Stream<String>> response = agent.http()
                .send(request, HttpResponse.BodyHandlers.ofLines());
        java.util.Queue<String> lines = new java.util.concurrent.ConcurrentLinkedQueue<>();
        Thread reader = new Thread(() -> response.body().forEach(lines::add));
        reader.start();

        Held held = HELD.poll(10, TimeUnit.SECONDS);
        assertThat(held).isNotNull();
        await().atMost(Duration.ofSeconds(5)).until(() -> lines.stream().anyMatch(l -> l.contains("progress")));
        Thread.sleep(HELD_MS);
        assertThat(lines).as("progress events flow, the answer event waits for the record")
                .noneMatch(line -> line.contains("\"id\":18"));

        held.release();
        reader.join(10_000);
        assertThat(lines).anyMatch(line -> line.contains("\"id\":18") && line.contains("\"result\""));
        assertThat(held.record().status()).isEqualTo(200);
    }

    @Test
    void aStreamCutByItsTimeoutIsRecordedAsTheTimeout() throws Exception {
        HttpResponse<String> response = heldCall("/slow/mcp", """
                {"jsonrpc":"2.0","id":19,"method":"tools/call","params":{"name":"slow_response",
                 "arguments":{"delay_seconds":3}}}""", AgentClient.ACCEPT_BOTH);

        assertThat(AgentClient.message(response).at("/error/data/reason").asText()).isEqualTo("upstream_timeout");
    }

    @Test
    void aGatewayErrorWaitsForItsRecord() throws Exception {
        HttpResponse<String> response = heldCall("/keyed/mcp", toolCall(9, "get_users"), "application/json");

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(AgentClient.message(response).at("/error/code").asInt()).isEqualTo(-32001);
    }

    @Test
    void aMockResponseWaitsForItsRecord() throws Exception {
        HttpResponse<String> response = heldCall("/mocked/mcp", toolCall(10, "get_users"), "application/json");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("mocked");
    }

    /**
     * Sends the call, checks that its answer is held (the record exists, the response does not complete), releases
     * it, and checks that the record made before the end matches what the agent got.
     */
    private static HttpResponse<String> heldCall(String path, String body, String accept) throws Exception {
        boolean upstreamSession = path.startsWith("/json/") || path.startsWith("/sse/") || path.startsWith("/slow/");
        String session = upstreamSession ? agent.initialize(path) : "none";
        HttpRequest request = agent.request(path).POST(HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json").header("Accept", accept)
                .header("Mcp-Session-Id", session).build();
        CompletableFuture<HttpResponse<String>> answer = agent.http()
                .sendAsync(request, HttpResponse.BodyHandlers.ofString());

        Held held = HELD.poll(10, TimeUnit.SECONDS);
        assertThat(held).as("the observers got the record before the answer ended").isNotNull();
        Thread.sleep(HELD_MS);
        assertThat(answer).as("the agent has no complete answer while it is held").isNotDone();

        held.release();
        HttpResponse<String> response = answer.get(10, TimeUnit.SECONDS);
        assertThat(held.record().status()).isEqualTo(response.statusCode());
        JsonNode error = AgentClient.message(response).path("error");
        assertThat(held.record().errorReason()).as("a gateway error is in the record")
                .isEqualTo(error.path("data").has("reason") ? error.path("data").path("reason").asText() : null);
        assertThat(held.record().bytesOut()).as("body bytes, counted before the last ones were written")
                .isEqualTo(response.body().getBytes(StandardCharsets.UTF_8).length);
        return response;
    }

    private static String toolCall(int id, String tool) {
        return """
                {"jsonrpc":"2.0","id":%d,"method":"tools/call","params":{"name":"%s","arguments":{}}}"""
                .formatted(id, tool);
    }
}
