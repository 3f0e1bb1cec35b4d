package dev.portcullis.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portcullis.gateway.support.AgentClient;
import dev.portcullis.gateway.support.RunningGateway;
import dev.portcullis.gateway.support.ScriptedUpstream;
import dev.portcullis.gateway.support.Teardown;
import dev.portcullis.gateway.support.TestFeed;
import dev.portcullis.gateway.support.TestProxies;
import dev.portcullis.gateway.support.TestSnapshots;
import dev.portcullis.model.json.Json;
import dev.portcullis.model.proxy.ProxyDefinition;
import io.vertx.core.Vertx;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A virtual server's less travelled paths, against upstreams whose answers the test writes: 2026-07-28 resource
 * requests (whose {@code Mcp-Name} is the URI), methods that revision removed, and members that misbehave.
 */
class VirtualServerEdgesIT {

    private static final String PATH = "/edge/mcp";
    private static final String META = """
            "_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28",
             "io.modelcontextprotocol/clientInfo":{"name":"it","version":"1"}}""";

    @TempDir
    static Path dataDir;

    private static Vertx vertx;
    private static ScriptedUpstream member;
    private static TestFeed feed;
    private static RunningGateway gateway;
    private static AgentClient agent;

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        Map<String, Function<JsonNode, Object>> answers = Map.of(
                "initialize", request -> Map.of("protocolVersion", "2025-11-25",
                        "capabilities", Map.of("tools", Map.of()), "serverInfo", Map.of("name", "a", "version", "1")),
                "resources/list", request -> Map.of("resources",
                        List.of(Map.of("uri", "file:///notes.txt", "name", "notes"))),
                "resources/templates/list", request -> Map.of("resourceTemplates", List.of()),
                "resources/read", request -> Map.of("contents", List.of(Map.of(
                        "uri", request.at("/params/uri").asText(), "text", "the notes"))));
        member = ScriptedUpstream.start(vertx, answers);
        feed = TestFeed.start(vertx);
        TestSnapshots snapshots = new TestSnapshots();
        feed.publish(snapshots.sign(1, List.of(
                TestProxies.definition("edge-a", "/edge-a/", member.url()),
                TestProxies.definition("edge-down", "/edge-down/", "http://127.0.0.1:1"),
                ProxyDefinition.parse("""
                        {"id":"edge","name":"Edge","listenPath":"/edge/","authentication":{"enabled":false},
                         "members":[{"proxy":"edge-a","prefix":"a_"},{"proxy":"edge-down","prefix":"down_"}]}""")),
                List.of()));
        gateway = RunningGateway.start(vertx, feed.url(), snapshots.publicKey(), dataDir);
        await().atMost(Duration.ofSeconds(10)).until(() -> gateway.version() == 1);
        agent = new AgentClient(gateway.baseUrl());
    }

    @AfterAll
    static void stop() throws Exception {
        Teardown.closeAll(vertx, gateway, feed, member);
    }

    @BeforeEach
    void forgetEarlierRequests() {
        member.clear();
    }

    @Test
    void aModernResourceReadReachesTheMemberWithTheUriAsItsNameHeader() throws Exception {
        HttpResponse<String> answer = send("""
                {"jsonrpc":"2.0","id":4,"method":"resources/read","params":{"uri":"file:///notes.txt",%s}}"""
                .formatted(META), "MCP-Protocol-Version", "2026-07-28", "Mcp-Method", "resources/read",
                "Mcp-Name", "file:///notes.txt");

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertThat(Json.mapper().readTree(answer.body()).at("/result/contents/0/text").asText())
                .isEqualTo("the notes");
        List<ScriptedUpstream.Received> reads = member.received("resources/read");
        assertThat(reads).hasSize(1);
        assertThat(reads.get(0).headers().getAll("Mcp-Name")).containsExactly("file:///notes.txt");
    }

    @Test
    void aMethodTheModernRevisionRemovedIsNotFoundAtTheVirtualServer() throws Exception {
        for (String method : List.of("resources/subscribe", "resources/unsubscribe")) {
            HttpResponse<String> answer = send("""
                    {"jsonrpc":"2.0","id":5,"method":"%s","params":{"uri":"file:///notes.txt",%s}}"""
                    .formatted(method, META), "MCP-Protocol-Version", "2026-07-28", "Mcp-Method", method);

            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
            JsonNode error = Json.mapper().readTree(answer.body()).get("error");
            assertThat(error.get("code").asInt()).as(answer.body()).isEqualTo(-32601);
            assertThat(error.at("/data/reason").asText()).isEqualTo("method_not_found");
        }
        assertThat(member.received()).isEmpty();
    }

    @Test
    void aCallForAMemberThatWasDownWhenTheSessionBeganSaysToBeginANewSession() throws Exception {
        String session = agent.initialize(PATH);

        HttpResponse<String> answer = send("""
                {"jsonrpc":"2.0","id":6,"method":"tools/call","params":{"name":"down_anything","arguments":{}}}""",
                "Mcp-Session-Id", session);

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(502);
        JsonNode error = Json.mapper().readTree(answer.body()).get("error");
        assertThat(error.get("code").asInt()).isEqualTo(-32004);
        assertThat(error.at("/data/reason").asText()).isEqualTo("member_unavailable");
        assertThat(error.get("message").asText()).contains("'edge-down'").contains("initialize a new session");
    }

    private static HttpResponse<String> send(String body, String... headers) throws Exception {
        return agent.post(PATH, body, headers);
    }
}
