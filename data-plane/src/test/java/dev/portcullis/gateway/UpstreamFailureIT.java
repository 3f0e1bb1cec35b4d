package dev.portcullis.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portcullis.gateway.observe.CompletedRequest;
import dev.portcullis.gateway.observe.RequestObservation;
import dev.portcullis.gateway.observe.RequestObserver;
import dev.portcullis.gateway.observe.RequestObservers;
import dev.portcullis.gateway.support.AgentClient;
import dev.portcullis.gateway.support.FailingUpstream;
import dev.portcullis.gateway.support.FailingUpstream.Failure;
import dev.portcullis.gateway.support.NodeClients;
import dev.portcullis.gateway.support.RawHttp;
import dev.portcullis.gateway.support.RunningGateway;
import dev.portcullis.gateway.support.Teardown;
import dev.portcullis.gateway.support.TestFeed;
import dev.portcullis.gateway.support.TestProxies;
import dev.portcullis.gateway.support.TestSnapshots;
import dev.portcullis.mock.MockMcpOptions;
import dev.portcullis.mock.MockMcpServer;
import dev.portcullis.model.analytics.AnalyticsRecord;
import dev.portcullis.model.json.Json;
import dev.portcullis.model.proxy.ProxyDefinition;
import io.vertx.core.Vertx;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * When the upstream fails while it answers (connection reset, process killed, stream ended without the answer) the
 * agent gets a JSON-RPC -32004 {@code upstream_closed} error for its request at once (an SSE event in an open
 * stream, a 502 while nothing was sent), and the record says so. A gateway error
 * that replaces an upstream answer carries the gateway's own status line and headers, none of the upstream's.
 */
class UpstreamFailureIT {

    private static final String OPEN = "\"authentication\":{\"enabled\":false},";
    /** From the upstream failing to the agent having its error: well under the SDK's 60 s, and under a second. */
    private static final long PROMPTLY_MS = 1_000;

    @TempDir
    static Path dataDir;

    private static final Queue<AnalyticsRecord> RECORDS = new ConcurrentLinkedQueue<>();
    private static final Queue<Throwable> UNCAUGHT = new ConcurrentLinkedQueue<>();
    private static final Queue<String> CONNECTION_ERRORS = new ConcurrentLinkedQueue<>();
    /** Where Vert.x logs a connection's failure that nothing handled; kept referenced while the test runs. */
    private static final java.util.logging.Logger CONNECTION_LOG =
            java.util.logging.Logger.getLogger("io.vertx.core.net.impl.ConnectionBase");
    private static final Handler CONNECTION_ERROR_HANDLER = new Handler() {
        @Override
        public void publish(LogRecord record) {
            if (record.getLevel().intValue() >= Level.SEVERE.intValue()) {
                CONNECTION_ERRORS.add(String.valueOf(record.getMessage()));
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    private static Vertx vertx;
    private static FailingUpstream failing;
    private static MockMcpServer doomedMock;
    private static MockMcpServer doomedForSdk;
    private static TestFeed feed;
    private static RunningGateway gateway;
    private static AgentClient agent;

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        vertx.exceptionHandler(UNCAUGHT::add);
        CONNECTION_LOG.addHandler(CONNECTION_ERROR_HANDLER);
        failing = FailingUpstream.start(vertx);
        doomedMock = MockMcpServer.start(MockMcpOptions.defaults("127.0.0.1", 0));
        doomedForSdk = MockMcpServer.start(MockMcpOptions.defaults("127.0.0.1", 0));
        feed = TestFeed.start(vertx);
        TestSnapshots snapshots = new TestSnapshots();
        List<ProxyDefinition> proxies = new ArrayList<>();
        for (Failure failure : Failure.values()) {
            // A rate limit on one proxy, so its answers carry RateLimit-* headers: the gateway's own.
            String limits = failure == Failure.UNPARSEABLE_JSON
                    ? "\"operations\":{\"tools/list\":{\"rateLimit\":{\"rate\":1000,\"per\":60}}}," : "";
            proxies.add(TestProxies.definition(failure.path(), "/" + failure.path() + "/", failing.url(failure),
                    OPEN + limits));
        }
        proxies.add(TestProxies.definition("doomed", "/doomed/", doomedMock.baseUrl(), OPEN));
        proxies.add(TestProxies.definition("doomed-sdk", "/doomed-sdk/", doomedForSdk.baseUrl(), OPEN));
        feed.publish(snapshots.sign(1, proxies, List.of()));
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
        warmUp();
    }

    /**
     * One SSE answer cut by a reset and one JSON answer cut short, before the timed tests: the first pass through
     * these paths (class loading, JIT) must not count against the second the agent has to get its error.
     */
    private static void warmUp() throws Exception {
        for (Failure failure : List.of(Failure.RESET_MID_EVENT, Failure.RESET_MID_CHUNKED_JSON)) {
            agent.post("/" + failure.path() + "/mcp", toolCall(1, "warm_up"));
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> RECORDS.size() >= 2);
        RECORDS.clear();
    }

    @AfterAll
    static void stop() throws Exception {
        CONNECTION_LOG.removeHandler(CONNECTION_ERROR_HANDLER);
        Teardown.closeAll(vertx, gateway, feed, failing, doomedMock, doomedForSdk);
    }

    @AfterEach
    void nothingWasThrownOrLoggedAsAnErrorOnTheGatewaysEventLoops() {
        List<Throwable> thrown = List.copyOf(UNCAUGHT);
        UNCAUGHT.clear();
        List<String> logged = List.copyOf(CONNECTION_ERRORS);
        CONNECTION_ERRORS.clear();
        assertThat(thrown).as("uncaught exceptions on the gateway's event loops").isEmpty();
        assertThat(logged).as("connection failures Vert.x logged as errors, without context").isEmpty();
    }

    @Test
    void anSseAnswerWhoseUpstreamConnectionIsResetEndsWithAnUpstreamClosedErrorForTheRequest() throws Exception {
        HttpResponse<String> response = promptly(Failure.RESET_AFTER_PROGRESS, toolCall(7, "long_job"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).startsWith(FailingUpstream.PROGRESS_EVENT);
        assertUpstreamClosed(AgentClient.message(response), 7);
        assertRecordedAsUpstreamClosed(Failure.RESET_AFTER_PROGRESS);
    }

    @Test
    void anSseAnswerThatEndsCleanlyWithoutTheAnswerEndsWithAnUpstreamClosedError() throws Exception {
        HttpResponse<String> response = promptly(Failure.END_AFTER_PROGRESS, toolCall(8, "long_job"));

        assertThat(response.body()).startsWith(FailingUpstream.PROGRESS_EVENT);
        assertUpstreamClosed(AgentClient.message(response), 8);
        assertRecordedAsUpstreamClosed(Failure.END_AFTER_PROGRESS);
    }

    @Test
    void aHalfSentEventNeverReachesTheAgentWhichReadsTheErrorEventAfterTheLastWholeOne() throws Exception {
        HttpResponse<String> response = promptly(Failure.RESET_MID_EVENT, toolCall("call-9", "long_job"));

        // Events reach the agent whole: the one the upstream was cut inside is not relayed at all.
        assertThat(response.body()).startsWith(FailingUpstream.PROGRESS_EVENT + "event: message\ndata: {")
                .doesNotContain("{\"jsonrpc\":\"2.\n");
        assertUpstreamClosed(AgentClient.message(response), "call-9");
        assertRecordedAsUpstreamClosed(Failure.RESET_MID_EVENT);
    }

    @Test
    void anSseListAnswerWhoseUpstreamIsResetEndsWithAnUpstreamClosedError() throws Exception {
        HttpResponse<String> response = promptly(Failure.RESET_AFTER_PROGRESS,
                "{\"jsonrpc\":\"2.0\",\"id\":10,\"method\":\"tools/list\"}");

        assertThat(response.body()).startsWith(FailingUpstream.PROGRESS_EVENT);
        assertUpstreamClosed(AgentClient.message(response), 10);
        assertThat(await().atMost(Duration.ofSeconds(5)).until(() -> RECORDS.stream()
                .filter(r -> "tools/list".equals(r.mcpMethod())
                        && Failure.RESET_AFTER_PROGRESS.path().equals(r.proxy()))
                .findFirst().orElse(null), r -> r != null).errorReason()).isEqualTo("upstream_closed");
    }

    @Test
    void aJsonAnswerCutBeforeAnyByteReachedTheAgentBecomesA502UpstreamClosedError() throws Exception {
        HttpResponse<String> response = promptly(Failure.RESET_MID_CHUNKED_JSON, toolCall(11, "long_job"));

        assertThat(response.statusCode()).isEqualTo(502);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        assertUpstreamClosed(AgentClient.message(response), 11);
        assertRecordedAsUpstreamClosed(Failure.RESET_MID_CHUNKED_JSON);
    }

    @Test
    void aJsonAnswerOfDeclaredLengthCutMidBodyBecomesA502UpstreamClosedErrorNotATruncatedBody() throws Exception {
        // A JSON body is one message, held until complete: its head is still unsent when the upstream dies.
        HttpResponse<String> response = promptly(Failure.RESET_MID_JSON, toolCall(12, "long_job"));

        assertThat(response.statusCode()).isEqualTo(502);
        assertThat(response.body()).as("a truncated body must not look complete").doesNotContain("\"result\":");
        assertUpstreamClosed(AgentClient.message(response), 12);
        assertRecordedAsUpstreamClosed(Failure.RESET_MID_JSON);
    }

    @Test
    void anAgentGetsAnUpstreamClosedErrorWithinASecondWhenTheMockServerIsKilledDuringSlowResponse()
            throws Exception {
        String session = agent.initialize("/doomed/mcp");
        HttpRequest request = agent.request("/doomed/mcp").POST(HttpRequest.BodyPublishers.ofString("""
                        {"jsonrpc":"2.0","id":21,"method":"tools/call","params":{"name":"slow_response",
                         "arguments":{"delay_seconds":20},"_meta":{"progressToken":"p21"}}}"""))
                .header("Content-Type", "application/json").header("Accept", AgentClient.ACCEPT_BOTH)
                .header("Mcp-Session-Id", session).build();
        HttpResponse<Stream<String>> response = agent.http().send(request, HttpResponse.BodyHandlers.ofLines());
        Queue<String> lines = new ConcurrentLinkedQueue<>();
        CompletableFuture<Void> read = CompletableFuture.runAsync(() -> response.body().forEach(lines::add));
        await().atMost(Duration.ofSeconds(5)).until(() -> lines.stream().anyMatch(l -> l.contains("progress")));

        doomedMock.close();
        read.get(PROMPTLY_MS, TimeUnit.MILLISECONDS);

        String last = lines.stream().filter(line -> line.startsWith("data:")).reduce((a, b) -> b).orElseThrow();
        assertUpstreamClosed(Json.mapper().readTree(last.substring(5).strip()), 21);
        AnalyticsRecord record = await().atMost(Duration.ofSeconds(5)).until(() -> RECORDS.stream()
                .filter(r -> "doomed".equals(r.proxy()) && "slow_response".equals(r.mcpPrimitiveName()))
                .findFirst().orElse(null), r -> r != null);
        assertThat(record.status()).isEqualTo(502);
        assertThat(record.mcpErrorCode()).isEqualTo(-32004);
        assertThat(record.errorReason()).isEqualTo("upstream_closed");
    }

    @Test
    void theOfficialTypeScriptClientsToolCallRejectsWithUpstreamClosedSoonAfterTheUpstreamIsKilled()
            throws Exception {
        assumeTrue(NodeClients.nodeAvailable(), "node is not installed");
        NodeClients.installDependencies();
        Process process = new ProcessBuilder("node", "killed-upstream-client.mjs",
                gateway.baseUrl() + "/doomed-sdk/mcp").directory(NodeClients.NODE_DIR.toFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            BlockingQueue<String> lines = new LinkedBlockingQueue<>();
            CompletableFuture.runAsync(() -> process.inputReader(StandardCharsets.UTF_8).lines()
                    .forEach(lines::add));
            assertThat(lines.poll(30, TimeUnit.SECONDS)).as("the client saw progress").isEqualTo("{\"progress\":true}");

            long killedAt = System.nanoTime();
            doomedForSdk.close();
            String last = lines.poll(20, TimeUnit.SECONDS);
            long afterKillMs = (System.nanoTime() - killedAt) / 1_000_000;

            assertThat(last).as("the client's outcome").isNotNull();
            JsonNode outcome = Json.mapper().readTree(last);
            assertThat(outcome.get("rejected").asBoolean()).as("callTool rejected: %s", last).isTrue();
            assertThat(outcome.at("/error/code").asInt()).as(last).isEqualTo(-32004);
            assertThat(outcome.at("/error/data/reason").asText()).isEqualTo("upstream_closed");
            assertThat(afterKillMs).as("rejected promptly, not after the SDK's own timeout").isLessThan(2_000);
        } finally {
            process.destroyForcibly();
        }
    }

    @Test
    void anAnswerEventSplitAcrossChunksReachesTheAgentWhole() throws Exception {
        HttpResponse<String> response = promptly(Failure.SPLIT_ANSWER, toolCall(41, "long_job"));

        assertThat(response.body()).isEqualTo(FailingUpstream.SPLIT_ANSWER_HEAD + FailingUpstream.SPLIT_ANSWER_TAIL);
        assertThat(AgentClient.message(response).at("/error/message").asText()).isEqualTo("bad arguments");
        AnalyticsRecord record = await().atMost(Duration.ofSeconds(5)).until(() -> RECORDS.stream()
                .filter(r -> Failure.SPLIT_ANSWER.path().equals(r.proxy())).findFirst().orElse(null), r -> r != null);
        assertThat(record.upstreamErrorCode()).isEqualTo(-32602);
        assertThat(record.errorReason()).isNull();
    }

    @Test
    void aGatewayErrorReplacingAnUnparseableListCarriesTheGatewaysOwnStatusLineAndHeadersOnly() throws Exception {
        String raw = RawHttp.post(gateway.gateway().port(), "/" + Failure.UNPARSEABLE_JSON.path() + "/mcp",
                "{\"jsonrpc\":\"2.0\",\"id\":31,\"method\":\"tools/list\"}");

        String head = raw.substring(0, raw.indexOf("\r\n\r\n"));
        String body = raw.substring(raw.indexOf("\r\n\r\n") + 4);
        assertThat(head).startsWith("HTTP/1.1 502 Bad Gateway\r\n");
        assertThat(head.toLowerCase()).doesNotContain("server:").doesNotContain(FailingUpstream.SESSION)
                .doesNotContain("x-upstream-only").doesNotContain("transfer-encoding")
                .contains("content-type: application/json").contains("ratelimit-limit: 1000")
                .contains("content-length: " + body.getBytes(StandardCharsets.UTF_8).length);
        JsonNode error = Json.mapper().readTree(body);
        assertThat(error.get("id").asInt()).isEqualTo(31);
        assertThat(error.at("/error/data/reason").asText()).isEqualTo("unfilterable_response");
    }

    @Test
    void aGatewayErrorEventReplacingAnUnparseableSseListStaysInTheUpstreamsStream() throws Exception {
        HttpResponse<String> response = agent.post("/" + Failure.UNPARSEABLE_SSE.path() + "/mcp",
                "{\"jsonrpc\":\"2.0\",\"id\":32,\"method\":\"tools/list\"}");

        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
                assertThat(type).startsWith("text/event-stream"));
        assertThat(AgentClient.message(response).at("/error/data/reason").asText())
                .isEqualTo("unfilterable_response");
    }

    /** Sends {@code body} to the proxy of {@code failure}; the answer must be complete soon after it fails. */
    private static HttpResponse<String> promptly(Failure failure, String body) throws Exception {
        HttpRequest request = agent.request("/" + failure.path() + "/mcp")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json").header("Accept", AgentClient.ACCEPT_BOTH).build();
        return agent.http().sendAsync(request, HttpResponse.BodyHandlers.ofString())
                .get(FailingUpstream.FAIL_AFTER_MS + PROMPTLY_MS, TimeUnit.MILLISECONDS);
    }

    private static void assertUpstreamClosed(JsonNode message, Object id) {
        assertThat(message.get("id").isTextual() ? message.get("id").asText() : message.get("id").asInt())
                .isEqualTo(id);
        assertThat(message.at("/error/code").asInt()).isEqualTo(-32004);
        assertThat(message.at("/error/data/reason").asText()).isEqualTo("upstream_closed");
        assertThat(message.at("/error/data/httpStatus").asInt()).isEqualTo(502);
    }

    private static void assertRecordedAsUpstreamClosed(Failure failure) {
        AnalyticsRecord record = await().atMost(Duration.ofSeconds(5)).until(() -> RECORDS.stream()
                .filter(r -> failure.path().equals(r.proxy())).findFirst().orElse(null), r -> r != null);
        assertThat(record.status()).isEqualTo(502);
        assertThat(record.mcpErrorCode()).isEqualTo(-32004);
        assertThat(record.errorReason()).isEqualTo("upstream_closed");
    }

    private static String toolCall(Object id, String tool) {
        String jsonId = id instanceof String text ? "\"" + text + "\"" : id.toString();
        return """
                {"jsonrpc":"2.0","id":%s,"method":"tools/call","params":{"name":"%s","arguments":{}}}"""
                .formatted(jsonId, tool);
    }
}
