package dev.portcullis.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
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
import io.vertx.core.Vertx;
import java.io.BufferedReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The official TypeScript client 2.4.0, pinned to MCP 2026-07-28, through the gateway (authentication on, a
 * policy allowing some tools and no prompts) to the official 2.4.0 server serving 2026-07-28 only: the client
 * works end to end (standard headers, per-request {@code _meta}, {@code server/discover}), sees exactly what it may
 * use, and a denied call is refused with -32002.
 */
class StatelessSdkIT {

    private static final String KEY = TestSnapshots.newToken();

    @TempDir
    static Path dataDir;

    private static Vertx vertx;
    private static final String GUARDED_KEY = "pcs_guarded-from-elicitation";
    private static final String ASKED_KEY = "pcs_may-be-asked";

    private static Process upstream;
    private static TestFeed feed;
    private static RunningGateway gateway;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(NodeClients.nodeAvailable(), "node is not installed");
        NodeClients.installDependencies();
        upstream = new ProcessBuilder("node", "stateless-server.mjs").directory(NodeClients.NODE_DIR.toFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        BufferedReader out = upstream.inputReader(StandardCharsets.UTF_8);
        String listening = CompletableFuture.supplyAsync(() -> {
            try {
                return out.readLine();
            } catch (Exception e) {
                return null;
            }
        }).get(30, TimeUnit.SECONDS);
        assertThat(listening).as("the node server's first line").startsWith("listening ");
        String upstreamUrl = "http://127.0.0.1:" + listening.substring("listening ".length()).strip() + "/mcp";

        vertx = Vertx.vertx();
        feed = TestFeed.start(vertx);
        TestSnapshots snapshots = new TestSnapshots();
        feed.publish(snapshots.signWithPolicies(1,
                List.of(TestProxies.definition("modern", "/modern/", upstreamUrl)),
                List.of(new KeyEntry("reader", "reader", KeyTokens.hash(KEY), null, List.of("modern"),
                                List.of("readers")),
                        new KeyEntry("guarded", "guarded", KeyTokens.hash(GUARDED_KEY), null, List.of("modern"),
                                List.of("no-elicitation")),
                        new KeyEntry("asked", "asked", KeyTokens.hash(ASKED_KEY), null, List.of("modern"),
                                List.of("exporters"))),
                List.of(Policy.parse("""
                        {"id":"readers","name":"readers","accessRights":{"modern":{
                          "mcpAccessRights":{"tools":{"allowed":["get_user","list_users"]}},
                          "jsonRpcMethodsAccessRights":{"blocked":["prompts/.*"]}}}}"""),
                        Policy.parse("""
                        {"id":"no-elicitation","name":"no-elicitation","accessRights":{"modern":{
                          "mcpAccessRights":{"tools":{"allowed":["confirm_export"]}},
                          "jsonRpcMethodsAccessRights":{"blocked":["elicitation/create"]}}}}"""),
                        Policy.parse("""
                        {"id":"exporters","name":"exporters","accessRights":{"modern":{
                          "mcpAccessRights":{"tools":{"allowed":["confirm_export"]}}}}}"""))));
        gateway = RunningGateway.start(vertx, feed.url(), snapshots.publicKey(), dataDir);
        await().atMost(Duration.ofSeconds(10)).until(() -> gateway.version() == 1);
    }

    @AfterAll
    static void stop() throws Exception {
        if (upstream != null) {
            upstream.destroyForcibly();
        }
        Teardown.closeAll(vertx, gateway, feed);
    }

    @Test
    void aDeniedInputRequestNeverReachesTheClientsHandlerAndTheUpstreamReadsMinus32002OnTheRetry() throws Exception {
        JsonNode guarded = Json.mapper().readTree(NodeClients.lastLine("input-required-client.mjs",
                gateway.baseUrl() + "/modern/mcp", GUARDED_KEY, "confirm_export"));
        JsonNode asked = Json.mapper().readTree(NodeClients.lastLine("input-required-client.mjs",
                gateway.baseUrl() + "/modern/mcp", ASKED_KEY, "confirm_export"));

        assertThat(guarded.has("failed")).as(guarded.toString()).isFalse();
        assertThat(guarded.path("handlerCalls").asInt()).as("the blocked elicitation never reached the client")
                .isZero();
        assertThat(guarded.path("text").asText()).as("what the upstream read on the retry")
                .contains("\"code\":-32002");
        assertThat(asked.has("failed")).as(asked.toString()).isFalse();
        assertThat(asked.path("handlerCalls").asInt()).as("an allowed elicitation passes").isEqualTo(1);
        assertThat(asked.path("text").asText()).contains("accept");
    }

    @Test
    void thePinnedClientSeesOnlyWhatItsPolicyAllowsAndADeniedCallIsForbidden() throws Exception {
        String line = NodeClients.lastLine("stateless-client.mjs", gateway.baseUrl() + "/modern/mcp", KEY,
                "get_user", "delete_user");

        assertThat(line).as("the client's outcome").isNotNull();
        JsonNode seen = Json.mapper().readTree(line);
        assertThat(seen.has("failed")).as(line).isFalse();
        assertThat(seen.get("capabilities")).extracting(JsonNode::asText).as(line).containsExactly("tools");
        assertThat(seen.get("tools")).extracting(JsonNode::asText).containsExactly("get_user", "list_users");
        assertThat(!seen.get("prompts").isArray() || seen.get("prompts").isEmpty())
                .as("no prompt is listed (refused, or not asked without the capability): %s", line).isTrue();
        assertThat(seen.at("/calls/get_user").asText()).isEqualTo("ran get_user");
        assertThat(seen.at("/calls/delete_user/status").asInt()).as(line).isEqualTo(403);
        assertThat(seen.at("/calls/delete_user/message").asText()).as(line).contains("\"code\":-32002");
    }
}
