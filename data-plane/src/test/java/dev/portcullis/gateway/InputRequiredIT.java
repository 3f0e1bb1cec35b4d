package dev.portcullis.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portcullis.gateway.support.AgentClient;
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
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 2026-07-28 server asks the agent for input through an {@code input_required} result: each entry of its
 * {@code inputRequests} is checked against the caller's method rules, and a denied one is removed before the agent
 * sees the result (the rest, {@code requestState} included, passes unchanged), in a JSON answer or an SSE one.
 */
class InputRequiredIT {

    private static final String KEY = KeyTokens.generate();
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
            if (request.path().startsWith("/sse")) {
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
                        TestProxies.definition("sse", "/sse/", url + "/sse")),
                List.of(new KeyEntry("k", "k", KeyTokens.hash(KEY), null, List.of(), List.of("no-sampling"))),
                List.of(Policy.parse("{\"id\":\"no-sampling\",\"name\":\"no-sampling\",\"accessRights\":{"
                        + "\"json\":" + granted + ",\"sse\":" + granted + "}}"))));
        gateway = RunningGateway.start(vertx, feed.url(), snapshots.publicKey(), dataDir);
        await().atMost(Duration.ofSeconds(10)).until(() -> gateway.version() == 1);
        agent = new AgentClient(gateway.baseUrl());
    }

    @AfterAll
    static void stop() throws Exception {
        Teardown.closeAll(vertx, gateway, feed, upstream == null ? null : () -> upstream.close()
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS));
    }

    private static HttpResponse<String> call(String path, boolean revision2026) throws Exception {
        String[] headers = {"Authorization", "Bearer " + KEY};
        if (revision2026) {
            headers = AgentClient.append(headers, "MCP-Protocol-Version", "2026-07-28", "Mcp-Method", "tools/call",
                    "Mcp-Name", "ask");
        }
        return agent.post(path, CALL, headers);
    }

    @Test
    void aDeniedInputRequestIsRemovedFromAJsonInputRequiredResult() throws Exception {
        JsonNode result = AgentClient.message(call("/json/mcp", true)).get("result");

        assertThat(result.get("inputRequests").fieldNames()).toIterable().containsExactly("github_login");
        assertThat(result.at("/inputRequests/github_login/method").asText()).isEqualTo("elicitation/create");
        assertThat(result.get("requestState").asText()).isEqualTo("opaque-state");
        assertThat(result.get("resultType").asText()).isEqualTo("input_required");
    }

    @Test
    void aDeniedInputRequestIsRemovedFromAnSseInputRequiredResult() throws Exception {
        HttpResponse<String> response = call("/sse/mcp", true);

        assertThat(response.body()).doesNotContain("sampling/createMessage").contains("id: 1\n");
        JsonNode result = AgentClient.message(response).get("result");
        assertThat(result.get("inputRequests").fieldNames()).toIterable().containsExactly("github_login");
        assertThat(result.get("requestState").asText()).isEqualTo("opaque-state");
    }
}
