package dev.portcullis.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portcullis.gateway.observe.RequestObservers;
import dev.portcullis.gateway.support.AgentClient;
import dev.portcullis.gateway.support.DeniedServerRequests;
import dev.portcullis.gateway.support.NodeClients;
import dev.portcullis.gateway.support.RunningGateway;
import dev.portcullis.gateway.support.Teardown;
import dev.portcullis.gateway.support.TestFeed;
import dev.portcullis.gateway.support.TestProxies;
import dev.portcullis.gateway.support.TestSnapshots;
import dev.portcullis.model.json.Json;
import dev.portcullis.model.key.KeyEntry;
import dev.portcullis.model.key.KeyTokens;
import dev.portcullis.model.policy.Policy;
import dev.portcullis.model.proxy.ProxyDefinition;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Requests the upstream sends the agent (sampling, elicitation, roots) are governed by the agent's method rules:
 * between the MCP reference server (server-everything, from npm) and the official TypeScript SDK client, a denied
 * one never reaches the client's handler, the gateway answers the server with -32002 "denied by policy" in the
 * client's place, and the tool call that asked still completes; an allowed one reaches the handler as before. The
 * sampling and elicitation requests come on the tool call's SSE answer, the roots request on the GET stream.
 */
class ServerRequestGovernanceIT {

    private static final String BLOCKED_KEY = KeyTokens.generate();
    private static final String ALLOWED_KEY = KeyTokens.generate();
    private static final List<String> SERVER_REQUESTS = List.of("sampling/createMessage", "elicitation/create",
            "roots/list");

    @TempDir
    static Path dataDir;

    private static final DeniedServerRequests DENIED = new DeniedServerRequests();

    /** Requests the recording upstream received, as "METHOD headers body". */
    private static final Queue<String> RECEIVED = new ConcurrentLinkedQueue<>();
    private static final String REPLAYED = """
            id: 4
            data: {"jsonrpc":"2.0","method":"notifications/message","params":{"level":"info","data":"hi"}}

            id: 5
            data: {"jsonrpc":"2.0","id":77,"method":"roots/list"}

            id: 6
            data: {"jsonrpc":"2.0","id":78,"method":"ping"}

            """;

    private static Vertx vertx;
    private static HttpServer recording;
    private static Process everything;
    private static TestFeed feed;
    private static RunningGateway gateway;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(NodeClients.nodeAvailable(), "node is not installed");
        NodeClients.installDependencies();
        vertx = Vertx.vertx();
        everything = new ProcessBuilder("node", "everything-server.mjs").directory(NodeClients.NODE_DIR.toFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String upstream = "http://127.0.0.1:" + NodeClients.printedPort(everything, "{\"port\":");
        recording = vertx.createHttpServer().requestHandler(request -> request.body().onSuccess(body -> {
            RECEIVED.add(request.method() + " " + request.headers().entries() + " " + body);
            if (request.method() == HttpMethod.GET) {
                request.response().putHeader("Content-Type", "text/event-stream").end(REPLAYED);
            } else {
                request.response().setStatusCode(202).end();
            }
        })).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        feed = TestFeed.start(vertx);
        TestSnapshots snapshots = new TestSnapshots();
        String operations = "\"authentication\":{\"enabled\":false},\"operations\":{"
                + SERVER_REQUESTS.stream().map(m -> "\"" + m + "\":{\"block\":true}").collect(Collectors.joining(","))
                + "},";
        List<Policy> policies = List.of(
                Policy.parse("""
                        {"id":"no-server-requests","name":"no-server-requests","accessRights":{"everything":
                         {"jsonRpcMethodsAccessRights":{"blocked":["sampling/createMessage","elicitation/create",
                                                                   "roots/list"]}},
                         "recording":{"jsonRpcMethodsAccessRights":{"blocked":["roots/list"]}}}}"""),
                Policy.parse("""
                        {"id":"anything","name":"anything","accessRights":{"everything":{}}}"""));
        List<KeyEntry> keys = List.of(
                new KeyEntry("blocked", "blocked", KeyTokens.hash(BLOCKED_KEY), null, List.of(),
                        List.of("no-server-requests")),
                new KeyEntry("allowed", "allowed", KeyTokens.hash(ALLOWED_KEY), null, List.of(),
                        List.of("anything")));
        feed.publish(snapshots.signWithPolicies(1, List.of(
                TestProxies.definition("everything", "/everything/", upstream),
                TestProxies.definition("operations", "/operations/", upstream, operations),
                ProxyDefinition.parse("""
                        {"id":"recording","name":"recording","listenPath":"/recording/",
                         "upstream":{"url":"http://127.0.0.1:%d",
                                     "authentication":{"headers":{"X-Upstream-Token":"upstream-secret"}}}}"""
                        .formatted(recording.actualPort()))), keys, policies));
        gateway = RunningGateway.start(vertx, feed.url(), snapshots.publicKey(), dataDir,
                new RequestObservers(List.of(DENIED)));
        await().atMost(Duration.ofSeconds(10)).until(() -> gateway.version() == 1);
    }

    @AfterAll
    static void stop() throws Exception {
        if (everything != null) {
            everything.destroyForcibly();
        }
        Teardown.closeAll(vertx, gateway, feed, recording == null ? null : () -> recording.close()
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS));
    }

    @BeforeEach
    void forgetDenials() {
        DENIED.clear();
        RECEIVED.clear();
    }

    @Test
    void aDeniedRequestOnTheGetStreamIsDroppedAndAnsweredUpstreamWithTheProxysCredentialsNotTheAgents()
            throws Exception {
        assertGetStreamGoverned(false);
    }

    @Test
    void aDeniedRequestReplayedOnAResumedGetStreamIsDroppedAndAnsweredToo() throws Exception {
        assertGetStreamGoverned(true);
    }

    private static void assertGetStreamGoverned(boolean resumed) throws Exception {
        AgentClient agent = new AgentClient(gateway.baseUrl());
        String[] headers = {"Accept", "text/event-stream", "Authorization", "Bearer " + BLOCKED_KEY,
                "Mcp-Session-Id", "upstream-session-1"};
        if (resumed) {
            headers = AgentClient.append(headers, "Last-Event-ID", "3");
        }
        HttpResponse<String> response = agent.http().send(agent.request("/recording/mcp").headers(headers).GET()
                .build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).doesNotContain("roots/list")
                .contains("notifications/message").contains("\"method\":\"ping\"").contains("id: 5\n\n");
        String refusal = await().atMost(Duration.ofSeconds(5)).until(() -> RECEIVED.stream()
                .filter(r -> r.startsWith("POST ")).findFirst().orElse(null), r -> r != null);
        JsonNode body = Json.mapper().readTree(refusal.substring(refusal.lastIndexOf("] ") + 2));
        assertThat(body.get("id").asInt()).isEqualTo(77);
        assertThat(body.at("/error/code").asInt()).isEqualTo(-32002);
        assertThat(body.at("/error/message").asText()).isEqualTo("denied by policy");
        assertThat(refusal).contains("Mcp-Session-Id=upstream-session-1").contains("X-Upstream-Token=upstream-secret")
                .doesNotContain(BLOCKED_KEY).doesNotContain("Last-Event-ID");
        assertThat(DENIED.all()).containsExactly("recording roots/list");
    }

    @Test
    void serverRequestsDeniedByThePolicyNeverReachTheClientAndTheServerGetsMinus32002() throws Exception {
        JsonNode outcome = runClient("/everything/mcp", BLOCKED_KEY);

        assertThat(outcome.get("handled").toString()).as("the client's handlers: %s", outcome)
                .isEqualTo("{\"sampling\":0,\"elicitation\":0,\"roots\":0}");
        assertDeniedAnswerReachedTheServer(outcome);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(DENIED.all())
                .contains("everything sampling/createMessage", "everything elicitation/create",
                        "everything roots/list"));
    }

    @Test
    void withAuthenticationOffTheProxysOperationsBlockServerRequests() throws Exception {
        JsonNode outcome = runClient("/operations/mcp", "unused");

        assertThat(outcome.get("handled").toString()).as("the client's handlers: %s", outcome)
                .isEqualTo("{\"sampling\":0,\"elicitation\":0,\"roots\":0}");
        assertDeniedAnswerReachedTheServer(outcome);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(DENIED.all())
                .contains("operations sampling/createMessage", "operations roots/list"));
    }

    @Test
    void serverRequestsAllowedByThePolicyReachTheClientsHandlersAsBefore() throws Exception {
        JsonNode outcome = runClient("/everything/mcp", ALLOWED_KEY);

        JsonNode handled = outcome.get("handled");
        assertThat(handled.get("sampling").asInt()).as(outcome.toString()).isEqualTo(1);
        assertThat(handled.get("elicitation").asInt()).as(outcome.toString()).isEqualTo(1);
        assertThat(handled.get("roots").asInt()).as(outcome.toString()).isGreaterThanOrEqualTo(1);
        JsonNode results = outcome.get("results");
        assertThat(results.at("/trigger-sampling-request/text").asText()).contains("sampled by the agent");
        assertThat(results.at("/trigger-elicitation-request/isError").asBoolean()).as(outcome.toString()).isFalse();
        assertThat(results.at("/get-roots-list/text").asText()).contains("file:///tmp/portcullis-root");
        assertThat(DENIED.all()).isEmpty();
    }

    /** Each tool call completed, the server having read the gateway's -32002 "denied by policy" answer. */
    private static void assertDeniedAnswerReachedTheServer(JsonNode outcome) {
        JsonNode results = outcome.get("results");
        for (String tool : List.of("trigger-sampling-request", "trigger-elicitation-request")) {
            assertThat(results.at("/" + tool + "/rejected").isMissingNode()).as("%s completed: %s", tool, outcome)
                    .isTrue();
            assertThat(results.at("/" + tool + "/isError").asBoolean()).as(outcome.toString()).isTrue();
            assertThat(results.at("/" + tool + "/text").asText()).as(outcome.toString())
                    .contains("-32002").contains("denied by policy");
        }
        assertThat(results.at("/get-roots-list/text").asText()).as(outcome.toString())
                .contains("no roots are currently configured");
    }

    private static JsonNode runClient(String path, String key) throws Exception {
        Process client = new ProcessBuilder("node", "server-requests-client.mjs", gateway.baseUrl() + path, key)
                .directory(NodeClients.NODE_DIR.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            CompletableFuture<List<String>> lines = CompletableFuture.supplyAsync(
                    () -> client.inputReader(StandardCharsets.UTF_8).lines().toList());
            assertThat(client.waitFor(60, TimeUnit.SECONDS)).as("the client finished").isTrue();
            List<String> output = lines.get(10, TimeUnit.SECONDS);
            assertThat(output).as("the client's output").isNotEmpty();
            return Json.mapper().readTree(output.get(output.size() - 1));
        } finally {
            client.destroyForcibly();
        }
    }
}
