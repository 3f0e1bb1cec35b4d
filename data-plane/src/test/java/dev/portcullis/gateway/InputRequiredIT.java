package dev.portcullis.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.portcullis.gateway.observe.RequestObservers;
import dev.portcullis.model.json.Json;
import dev.portcullis.gateway.support.AgentClient;
import dev.portcullis.gateway.support.DeniedServerRequests;
import dev.portcullis.gateway.support.RunningGateway;
import dev.portcullis.gateway.support.Teardown;
import dev.portcullis.gateway.support.TestFeed;
import dev.portcullis.gateway.support.TestProxies;
import dev.portcullis.gateway.support.TestSnapshots;
import dev.portcullis.model.key.KeyEntry;
import dev.portcullis.model.key.KeyTokens;
import dev.portcullis.model.policy.Policy;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 2026-07-28 server asks the agent for input through an {@code input_required} result: each entry of its
 * {@code inputRequests} is checked against the caller's method rules, and a denied one is removed before the agent
 * sees the result, in a JSON answer or an SSE one, and counted as a denied server request. The agent sees a sealed
 * {@code requestState}; on its retry the upstream gets its own state back and a -32002 error for each removed
 * request. A retry whose sealed state was altered or belongs to another caller is refused and never forwarded.
 */
class InputRequiredIT {

    private static final String KEY = KeyTokens.generate();
    private static final String OTHER_KEY = KeyTokens.generate();
    private static final Queue<JsonNode> RECEIVED = new ConcurrentLinkedQueue<>();
    private static final DeniedServerRequests DENIED = new DeniedServerRequests();
    private static final String RESULT = """
            {"jsonrpc":"2.0","id":1,"result":{"resultType":"input_required",
             "inputRequests":{
               "github_login":{"method":"elicitation/create","params":{"mode":"form","message":"Your login?",
                               "requestedSchema":{"type":"object","properties":{"name":{"type":"string"}}}}},
               "capital_of_france":{"method":"sampling/createMessage","params":{"messages":[],"maxTokens":100}}},
             "requestState":"opaque-state"}}""".replace("\n", "");
    private static final String CALL = """
            {"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"ask","arguments":{},
             "_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28",
                      "io.modelcontextprotocol/clientInfo":{"name":"t","version":"1"},
                      "io.modelcontextprotocol/clientCapabilities":{"elicitation":{},"sampling":{}}}}}""";

    @TempDir
    static Path dataDir;

    private static Vertx vertx;
    private static HttpServer upstream;
    private static TestFeed feed;
    private static RunningGateway gateway;
    private static AgentClient agent;

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        upstream = vertx.createHttpServer().requestHandler(request -> request.body().onComplete(read -> {
            try {
                RECEIVED.add(Json.mapper().readTree(read.result().getBytes()));
            } catch (java.io.IOException e) {
                RECEIVED.add(Json.mapper().getNodeFactory().textNode("not JSON"));
            }
            if (request.path().startsWith("/nostate")) {
                request.response().putHeader("Content-Type", "application/json")
                        .end(RESULT.replaceAll(",\\s*\"requestState\":\"opaque-state\"", ""));
            } else if (request.path().startsWith("/sse")) {
                request.response().putHeader("Content-Type", "text/event-stream")
                        .end("event: message\nid: 1\ndata: " + RESULT + "\n\n");
            } else {
                request.response().putHeader("Content-Type", "application/json").end(RESULT);
            }
        })).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        String url = "http://127.0.0.1:" + upstream.actualPort();
        feed = TestFeed.start(vertx);
        TestSnapshots snapshots = new TestSnapshots();
        String granted = "{\"jsonRpcMethodsAccessRights\":{\"blocked\":[\"sampling/createMessage\"]}}";
        feed.publish(snapshots.signWithPolicies(1, List.of(
                        TestProxies.definition("json", "/json/", url + "/json"),
                        TestProxies.definition("sse", "/sse/", url + "/sse"),
                        TestProxies.definition("nostate", "/nostate/", url + "/nostate")),
                List.of(new KeyEntry("k", "k", KeyTokens.hash(KEY), null, List.of(), List.of("no-sampling")),
                        new KeyEntry("other", "other", KeyTokens.hash(OTHER_KEY), null, List.of(),
                                List.of("no-sampling"))),
                List.of(Policy.parse("{\"id\":\"no-sampling\",\"name\":\"no-sampling\",\"accessRights\":{"
                        + "\"json\":" + granted + ",\"sse\":" + granted + ",\"nostate\":" + granted + "}}"))));
        gateway = RunningGateway.start(vertx, feed.url(), snapshots.publicKey(), dataDir,
                new RequestObservers(List.of(DENIED)));
        await().atMost(Duration.ofSeconds(10)).until(() -> gateway.version() == 1);
        agent = new AgentClient(gateway.baseUrl());
    }

    @AfterAll
    static void stop() throws Exception {
        Teardown.closeAll(vertx, gateway, feed, upstream == null ? null : () -> upstream.close()
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS));
    }

    @BeforeEach
    void forgetEarlierRequests() {
        RECEIVED.clear();
        DENIED.clear();
    }

    private static HttpResponse<String> call(String path, boolean revision2026) throws Exception {
        return send(path, CALL, KEY);
    }

    private static HttpResponse<String> send(String path, String body, String key) throws Exception {
        return agent.post(path, body, "Authorization", "Bearer " + key, "MCP-Protocol-Version", "2026-07-28",
                "Mcp-Method", "tools/call", "Mcp-Name", Json.mapper().readTree(body).at("/params/name").asText());
    }

    /** The retry of {@link #CALL}: the same call with {@code requestState} and the agent's answers. */
    private static String retry(String requestState) throws Exception {
        ObjectNode body = (ObjectNode) Json.mapper().readTree(CALL);
        body.put("id", 2);
        ObjectNode params = (ObjectNode) body.get("params");
        if (requestState != null) {
            params.put("requestState", requestState);
        }
        params.putObject("inputResponses").putObject("github_login").put("action", "accept")
                .putObject("content").put("name", "octocat");
        ((ObjectNode) params.get("inputResponses")).putObject("capital_of_france").put("role", "assistant");
        return body.toString();
    }

    @Test
    void aDeniedInputRequestIsRemovedFromAJsonInputRequiredResult() throws Exception {
        JsonNode result = AgentClient.message(call("/json/mcp", true)).get("result");

        assertThat(result.get("inputRequests").fieldNames()).toIterable().containsExactly("github_login");
        assertThat(result.at("/inputRequests/github_login/method").asText()).isEqualTo("elicitation/create");
        assertThat(result.get("requestState").asText()).startsWith("pr1.").doesNotContain("opaque");
        assertThat(result.get("resultType").asText()).isEqualTo("input_required");
        assertThat(DENIED.all()).containsExactly("json sampling/createMessage");
    }

    @Test
    void theRetryHandsTheUpstreamItsOwnStateAndADenialForEachRemovedRequest() throws Exception {
        String sealed = AgentClient.message(call("/json/mcp", true)).at("/result/requestState").asText();
        RECEIVED.clear();

        HttpResponse<String> answer = send("/json/mcp", retry(sealed), KEY);

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        JsonNode params = RECEIVED.remove().get("params");
        assertThat(params.get("requestState").asText()).isEqualTo("opaque-state");
        assertThat(params.at("/inputResponses/github_login/content/name").asText()).isEqualTo("octocat");
        assertThat(params.at("/inputResponses/capital_of_france/error/code").asInt()).isEqualTo(-32002);
        assertThat(params.at("/inputResponses/capital_of_france/error/message").asText())
                .isEqualTo("denied by policy");
        assertThat(params.at("/inputResponses/capital_of_france/role").isMissingNode()).isTrue();
        assertThat(params.get("name").asText()).isEqualTo("ask");
    }

    @Test
    void anUpstreamThatSentNoStateGetsNoneBackOnTheRetry() throws Exception {
        JsonNode result = AgentClient.message(call("/nostate/mcp", true)).get("result");
        RECEIVED.clear();

        send("/nostate/mcp", retry(result.get("requestState").asText()), KEY);

        JsonNode params = RECEIVED.remove().get("params");
        assertThat(params.has("requestState")).isFalse();
        assertThat(params.at("/inputResponses/capital_of_france/error/code").asInt()).isEqualTo(-32002);
    }

    @Test
    void aRetryWithAnAlteredSealedStateOrOneSealedForAnotherCallerProxyOrToolIsRefusedAndNotForwarded() throws Exception {
        String sealed = AgentClient.message(call("/json/mcp", true)).at("/result/requestState").asText();
        RECEIVED.clear();
        char last = sealed.charAt(sealed.length() - 1);
        String altered = sealed.substring(0, sealed.length() - 1) + (last == 'A' ? 'B' : 'A');

        HttpResponse<String> tampered = send("/json/mcp", retry(altered), KEY);
        HttpResponse<String> otherCaller = send("/json/mcp", retry(sealed), OTHER_KEY);
        HttpResponse<String> otherProxy = send("/nostate/mcp", retry(sealed), KEY);
        HttpResponse<String> otherTool = send("/json/mcp", retry(sealed).replace("\"ask\"", "\"other\""), KEY);

        for (HttpResponse<String> answer : List.of(tampered, otherCaller, otherProxy, otherTool)) {
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(400);
            JsonNode error = Json.mapper().readTree(answer.body()).get("error");
            assertThat(error.get("code").asInt()).isEqualTo(-32602);
            assertThat(error.at("/data/reason").asText()).isEqualTo("invalid_request_state");
        }
        assertThat(RECEIVED).isEmpty();
    }

    @Test
    void aDeniedInputRequestIsRemovedFromAnSseInputRequiredResult() throws Exception {
        HttpResponse<String> response = call("/sse/mcp", true);

        assertThat(response.body()).doesNotContain("sampling/createMessage").contains("id: 1\n");
        JsonNode result = AgentClient.message(response).get("result");
        assertThat(result.get("inputRequests").fieldNames()).toIterable().containsExactly("github_login");
        assertThat(result.get("requestState").asText()).startsWith("pr1.");
        assertThat(DENIED.all()).containsExactly("sse sampling/createMessage");
    }
}
