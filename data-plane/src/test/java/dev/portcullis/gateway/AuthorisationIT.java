package dev.portcullis.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portcullis.gateway.support.Teardown;
import dev.portcullis.gateway.support.AgentClient;
import dev.portcullis.gateway.support.BrokenUpstream;
import dev.portcullis.gateway.support.RawHttp;
import dev.portcullis.gateway.support.RunningGateway;
import dev.portcullis.gateway.support.TestFeed;
import dev.portcullis.gateway.support.TestProxies;
import dev.portcullis.gateway.support.TestSnapshots;
import dev.portcullis.mock.MockMcpOptions;
import dev.portcullis.mock.MockMcpServer;
import dev.portcullis.model.json.Json;
import dev.portcullis.model.key.KeyEntry;
import dev.portcullis.model.key.KeyTokens;
import dev.portcullis.model.policy.Policy;
import dev.portcullis.model.proxy.ProxyDefinition;
import dev.portcullis.model.snapshot.SignedSnapshot;
import io.vertx.core.Vertx;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Authorisation and discovery filtering through the real gateway, between a real agent client and the real mock
 * MCP server, with policies delivered by the (test) config feed.
 */
class AuthorisationIT {

    static final List<String> ALL_TOOLS = List.of("get_users", "create_user", "update_user", "delete_user",
            "get_posts", "create_post", "get_products", "process_order", "get_analytics", "generate_report",
            "validate_email", "generate_uuid", "format_date", "get_anything", "slow_response");
    static final Set<String> ALICE_TOOLS = Set.of("get_users", "create_user", "update_user");
    static final Set<String> BOB_TOOLS = Set.of("get_posts", "create_post", "generate_uuid");

    static final String ALICE = KeyTokens.generate();
    static final String BOB = KeyTokens.generate();
    static final String CAROL = KeyTokens.generate();
    static final String DAVE = KeyTokens.generate();
    static final String EVE = KeyTokens.generate();

    private static final String PROXY_RULES = """
            "tools":{"delete_user":{"block":true}},"resources":{"posts://*":{"block":true}},
            "prompts":{"analytics_dashboard":{"block":true}},""";

    @TempDir
    static Path dataDir;

    static Vertx vertx;
    static MockMcpServer mock;
    static MockMcpServer pagedMock;
    static MockMcpServer sseMock;
    static BrokenUpstream notJson;
    static BrokenUpstream duplicateKeys;
    static BrokenUpstream brokenSse;
    static BrokenUpstream replaying;
    static TestFeed feed;
    static TestSnapshots snapshots;
    static RunningGateway gateway;
    static AgentClient agent;

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        mock = MockMcpServer.start("127.0.0.1", 0);
        pagedMock = MockMcpServer.start(MockMcpOptions.defaults("127.0.0.1", 0).withPageSize(4));
        sseMock = MockMcpServer.start(MockMcpOptions.defaults("127.0.0.1", 0)
                .withSseMode(MockMcpOptions.SseMode.ALWAYS));
        notJson = BrokenUpstream.start(vertx, "application/json",
                "{\"jsonrpc\":\"2.0\",\"id\":2,\"result\":{\"tools\":[{\"name\":\"delete_user\"}");
        duplicateKeys = BrokenUpstream.start(vertx, "application/json", """
                {"jsonrpc":"2.0","id":2,"result":{"tools":[],"tools":[{"name":"delete_user"}]}}""");
        brokenSse = BrokenUpstream.start(vertx, "text/event-stream",
                ": hello\n\nid: 1\ndata: {\"jsonrpc\":\"2.0\",\"id\":2,\"result\":{\"tools\":[{\"name\":\"delete_user\"\n\n");
        replaying = BrokenUpstream.start(vertx, "text/event-stream", """
                id: 4
                data: {"jsonrpc":"2.0","method":"notifications/message","params":{"level":"info","data":"hi"}}

                id: 5
                data: {"jsonrpc":"2.0","id":2,"result":{"tools":[{"name":"get_users"},{"name":"delete_user"}]}}

                """);
        feed = TestFeed.start(vertx);
        snapshots = new TestSnapshots();
        feed.publish(snapshot(1, true));
        gateway = RunningGateway.start(vertx, feed.url(), snapshots.publicKey(), dataDir);
        await().atMost(Duration.ofSeconds(10)).until(() -> gateway.version() == 1);
        agent = new AgentClient(gateway.baseUrl());
    }

    static SignedSnapshot snapshot(long version, boolean withCarol) {
        List<ProxyDefinition> proxies = List.of(
                TestProxies.definition("mock", "/mock-mcp/", mock.baseUrl(), PROXY_RULES),
                TestProxies.definition("other", "/other-proxy/", mock.baseUrl()),
                TestProxies.definition("paged", "/paged/", pagedMock.baseUrl(), PROXY_RULES),
                TestProxies.definition("sse", "/sse/", sseMock.baseUrl(), PROXY_RULES),
                TestProxies.definition("not-json", "/not-json/", notJson.url(), PROXY_RULES),
                TestProxies.definition("duplicate-keys", "/duplicate-keys/", duplicateKeys.url(), PROXY_RULES),
                TestProxies.definition("broken-sse", "/broken-sse/", brokenSse.url(), PROXY_RULES),
                TestProxies.definition("replaying", "/replaying/", replaying.url(), PROXY_RULES));
        String granted = "\"mock\":%1$s,\"paged\":%1$s,\"sse\":%1$s,\"not-json\":%1$s,\"duplicate-keys\":%1$s,"
                + "\"broken-sse\":%1$s,\"replaying\":%1$s";
        List<Policy> policies = List.of(
                Policy.parse("{\"id\":\"users\",\"name\":\"users\",\"accessRights\":{" + granted.formatted("""
                        {"mcpAccessRights":{"tools":{"allowed":[".*_users?"]}},
                         "jsonRpcMethodsAccessRights":{"blocked":["sampling/createMessage"]}}""") + "}}"),
                Policy.parse("{\"id\":\"content\",\"name\":\"content\",\"accessRights\":{" + granted.formatted("""
                        {"mcpAccessRights":{"tools":{"allowed":[".*_posts?","generate_uuid"]}}}""") + "}}"),
                // Passes the save-time structural check (no nested quantifier) yet backtracks polynomially, about
                // 60^12 steps on a 62-character name: only the match budget keeps it bounded.
                Policy.parse("""
                        {"id":"catastrophic","name":"catastrophic","accessRights":{"mock":
                         {"mcpAccessRights":{"tools":{"allowed":[".*.*.*.*.*.*.*.*.*.*.*.*z"]}}}}}"""),
                Policy.parse("""
                        {"id":"calls-only","name":"calls-only","accessRights":{"mock":
                         {"jsonRpcMethodsAccessRights":{"allowed":["tools/call"]}}}}"""));
        List<KeyEntry> keys = new ArrayList<>(List.of(
                new KeyEntry("alice", "alice", KeyTokens.hash(ALICE), null, List.of(), List.of("users")),
                new KeyEntry("bob", "bob", KeyTokens.hash(BOB), null, List.of(), List.of("content")),
                new KeyEntry("dave", "dave", KeyTokens.hash(DAVE), null, List.of(), List.of("calls-only")),
                new KeyEntry("eve", "eve", KeyTokens.hash(EVE), null, List.of(), List.of("catastrophic"))));
        if (withCarol) {
            keys.add(new KeyEntry("carol", "carol", KeyTokens.hash(CAROL), null, List.of("mock"), List.of()));
        }
        return snapshots.signWithPolicies(version, proxies, keys, policies);
    }

    @AfterAll
    static void stop() throws Exception {
        Teardown.closeAll(vertx, gateway, feed, notJson, duplicateKeys, brokenSse, replaying,
                mock, pagedMock, sseMock);
    }

    static String[] auth(String key, String session) {
        return session == null ? new String[] {"Authorization", "Bearer " + key}
                : new String[] {"Authorization", "Bearer " + key, "Mcp-Session-Id", session};
    }

    static HttpResponse<String> call(String path, String key, String session, String body) throws Exception {
        return agent.post(path, body, auth(key, session));
    }

    static HttpResponse<String> callTool(String path, String key, String session, String tool) throws Exception {
        return call(path, key, session, """
                {"jsonrpc":"2.0","id":5,"method":"tools/call","params":{"name":%s,"arguments":{}}}"""
                .formatted(Json.mapper().writeValueAsString(tool)));
    }

    static List<String> listTools(String path, String key, String session) throws Exception {
        HttpResponse<String> list = call(path, key, session, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}");
        assertThat(list.statusCode()).as(list.body()).isEqualTo(200);
        List<String> names = new ArrayList<>();
        AgentClient.message(list).at("/result/tools").forEach(tool -> names.add(tool.get("name").asText()));
        return names;
    }

    static void assertDenied(HttpResponse<String> response, String reason, String message) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(403);
        JsonNode error = AgentClient.message(response).get("error");
        assertThat(error.get("code").asInt()).isEqualTo(-32002);
        assertThat(error.at("/data/reason").asText()).isEqualTo(reason);
        if (message != null) {
            assertThat(error.get("message").asText()).isEqualTo(message);
        }
    }

    @Test
    void twoKeysOnTwoPoliciesSeeDifferentToolsAndCanCallExactlyWhatTheySee() throws Exception {
        for (var caller : List.of(new Object[] {ALICE, ALICE_TOOLS}, new Object[] {BOB, BOB_TOOLS})) {
            String key = (String) caller[0];
            @SuppressWarnings("unchecked")
            Set<String> expected = (Set<String>) caller[1];
            String session = agent.initialize("/mock-mcp/mcp", auth(key, null));

            List<String> seen = listTools("/mock-mcp/mcp", key, session);

            assertThat(seen).containsExactlyInAnyOrderElementsOf(expected);
            for (String tool : ALL_TOOLS) {
                if (tool.equals("slow_response")) {
                    continue;
                }
                HttpResponse<String> response = callTool("/mock-mcp/mcp", key, session, tool);
                if (seen.contains(tool)) {
                    assertThat(response.statusCode()).as(tool + " " + response.body()).isEqualTo(200);
                    assertThat(AgentClient.message(response).has("result")).as(tool).isTrue();
                } else {
                    assertThat(response.statusCode()).as(tool).isEqualTo(403);
                }
            }
        }
    }

    @Test
    void deniesNamingWhatWasDenied() throws Exception {
        String session = agent.initialize("/mock-mcp/mcp", auth(ALICE, null));

        assertDenied(callTool("/mock-mcp/mcp", ALICE, session, "delete_user"), "primitive_blocked",
                "tool 'delete_user' is blocked on this proxy");
        assertDenied(callTool("/mock-mcp/mcp", ALICE, session, "get_posts"), "primitive_not_allowed",
                "tool 'get_posts' is not allowed by your policies");
        assertDenied(call("/mock-mcp/mcp", ALICE, session, """
                {"jsonrpc":"2.0","id":9,"method":"sampling/createMessage","params":{}}"""), "method_not_allowed",
                "method 'sampling/createMessage' is not allowed by your policies");
    }

    @Test
    void aKeyReachingAProxyOnlyThroughItsProxiesListGetsOnlyTheProxyRules() throws Exception {
        String session = agent.initialize("/mock-mcp/mcp", auth(CAROL, null));

        List<String> seen = listTools("/mock-mcp/mcp", CAROL, session);

        assertThat(seen).hasSize(14).doesNotContain("delete_user");
    }

    @Test
    void refusesAProxyNoPolicyOfTheKeyGrants() throws Exception {
        HttpResponse<String> response = call("/other-proxy/mcp", ALICE, null, """
                {"jsonrpc":"2.0","id":1,"method":"ping"}""");

        assertDenied(response, "proxy_not_allowed", null);
    }

    @Test
    void refusesToolNamesDifferingByCaseSpaceOrLookAlike() throws Exception {
        String session = agent.initialize("/mock-mcp/mcp", auth(ALICE, null));

        assertDenied(callTool("/mock-mcp/mcp", ALICE, session, "Delete_User"), "primitive_blocked", null);
        assertDenied(callTool("/mock-mcp/mcp", ALICE, session, "DELETE_USER"), "primitive_blocked", null);
        for (String lookAlike : List.of("delete_user ", "delete_us\u0435r", "delete_user\u0000", "\u0064elete_user\u200b")) {
            HttpResponse<String> response = callTool("/mock-mcp/mcp", ALICE, session, lookAlike);
            assertThat(response.statusCode()).as(lookAlike).isEqualTo(400);
            JsonNode error = AgentClient.message(response).get("error");
            assertThat(error.get("code").asInt()).isEqualTo(-32602);
            assertThat(error.at("/data/reason").asText()).isEqualTo("invalid_name");
        }
    }

    @Test
    void checksABlockedCallSentAsTextPlain() throws Exception {
        String session = agent.initialize("/mock-mcp/mcp", auth(ALICE, null));

        HttpResponse<String> response = agent.post("/mock-mcp/mcp", """
                {"jsonrpc":"2.0","id":5,"method":"tools/call","params":{"name":"delete_user","arguments":{"id":1}}}""",
                "Authorization", "Bearer " + ALICE, "Mcp-Session-Id", session, "Content-Type", "text/plain");

        assertDenied(response, "primitive_blocked", null);
    }

    @Test
    void refusesPathsThatClimbIntoAnotherProxy() throws Exception {
        String body = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}";
        for (String path : List.of("/mock-mcp/../other-proxy/mcp", "/mock-mcp/%2e%2e/other-proxy/mcp",
                "/mock-mcp/%2E%2E/other-proxy/mcp", "/mock-mcp/..%2fother-proxy/mcp",
                "/mock-mcp/%2e%2e%2fother-proxy%2fmcp", "/mock-mcp/.%2e/other-proxy/mcp")) {
            String response = RawHttp.post(gateway.gateway().port(), path, body, "Authorization: Bearer " + CAROL);

            assertThat(RawHttp.status(response)).as(path).isEqualTo(400);
            assertThat(response).contains("invalid_path");
        }
    }

    @Test
    void refusesTwoAuthorizationHeaders() throws Exception {
        String response = RawHttp.post(gateway.gateway().port(), "/mock-mcp/mcp",
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}",
                "Authorization: Bearer " + CAROL, "Authorization: Bearer " + ALICE);

        assertThat(RawHttp.status(response)).isEqualTo(401);
        assertThat(response).contains("multiple_credentials");
    }

    @Test
    void lifecycleMethodsPassAMethodAllowlistAndCapabilitiesArePruned() throws Exception {
        HttpResponse<String> init = agent.post("/mock-mcp/mcp", """
                {"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25",
                 "capabilities":{},"clientInfo":{"name":"it","version":"1"}}}""", auth(DAVE, null));
        assertThat(init.statusCode()).isEqualTo(200);
        String session = init.headers().firstValue("Mcp-Session-Id").orElseThrow();
        JsonNode capabilities = AgentClient.message(init).at("/result/capabilities");
        assertThat(capabilities.has("tools")).isTrue();
        assertThat(capabilities.has("prompts")).isFalse();
        assertThat(capabilities.has("resources")).isFalse();
        assertThat(capabilities.has("completions")).isFalse();
        assertThat(capabilities.has("logging")).isFalse();
        assertThat(init.headers().firstValue("Content-Length").orElseThrow())
                .isEqualTo(String.valueOf(init.body().getBytes(java.nio.charset.StandardCharsets.UTF_8).length));

        assertThat(call("/mock-mcp/mcp", DAVE, session,
                "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}").statusCode()).isEqualTo(202);
        assertThat(call("/mock-mcp/mcp", DAVE, session, "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"ping\"}")
                .statusCode()).isEqualTo(200);
        assertThat(callTool("/mock-mcp/mcp", DAVE, session, "generate_uuid").statusCode()).isEqualTo(200);
        assertDenied(call("/mock-mcp/mcp", DAVE, session, "{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"tools/list\"}"),
                "method_not_allowed", "method 'tools/list' is not allowed by your policies");
    }

    @Test
    void clientResponsesPassAfterAuthenticationOnly() throws Exception {
        String session = agent.initialize("/mock-mcp/mcp", auth(DAVE, null));
        String answer = "{\"jsonrpc\":\"2.0\",\"id\":\"server-1\",\"result\":{\"roots\":[]}}";

        assertThat(call("/mock-mcp/mcp", DAVE, session, answer).statusCode()).isEqualTo(202);
        assertThat(agent.post("/mock-mcp/mcp", answer, "Mcp-Session-Id", session).statusCode()).isEqualTo(401);
    }

    @Test
    void routesResourcesPromptsAndCompletionsThroughTheRules() throws Exception {
        String session = agent.initialize("/mock-mcp/mcp", auth(CAROL, null));

        assertDenied(call("/mock-mcp/mcp", CAROL, session, """
                {"jsonrpc":"2.0","id":6,"method":"resources/read","params":{"uri":"posts://list"}}"""),
                "primitive_blocked", "resource 'posts://list' is blocked on this proxy");
        assertThat(call("/mock-mcp/mcp", CAROL, session, """
                {"jsonrpc":"2.0","id":6,"method":"resources/read","params":{"uri":"users://list"}}""").statusCode())
                .isEqualTo(200);
        assertDenied(call("/mock-mcp/mcp", CAROL, session, """
                {"jsonrpc":"2.0","id":7,"method":"prompts/get","params":{"name":"analytics_dashboard"}}"""),
                "primitive_blocked", "prompt 'analytics_dashboard' is blocked on this proxy");
        assertDenied(call("/mock-mcp/mcp", CAROL, session, """
                {"jsonrpc":"2.0","id":8,"method":"completion/complete","params":{"ref":{"type":"ref/prompt",
                 "name":"analytics_dashboard"},"argument":{"name":"x","value":"y"}}}"""), "primitive_blocked", null);

        HttpResponse<String> resources = call("/mock-mcp/mcp", CAROL, session,
                "{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"resources/list\"}");
        List<String> uris = new ArrayList<>();
        AgentClient.message(resources).at("/result/resources").forEach(r -> uris.add(r.get("uri").asText()));
        assertThat(uris).containsExactlyInAnyOrder("users://list", "products://catalog");
        HttpResponse<String> prompts = call("/mock-mcp/mcp", CAROL, session,
                "{\"jsonrpc\":\"2.0\",\"id\":10,\"method\":\"prompts/list\"}");
        assertThat(AgentClient.message(prompts).at("/result/prompts").toString())
                .contains("user_management").doesNotContain("analytics_dashboard");
    }

    @Test
    void filtersListsSentAsServerSentEvents() throws Exception {
        String session = agent.initialize("/sse/mcp", auth(ALICE, null));

        HttpResponse<String> list = call("/sse/mcp", ALICE, session,
                "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}");

        assertThat(list.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/event-stream");
        assertThat(list.body()).doesNotContain("delete_user").doesNotContain("get_posts");
        assertThat(listTools("/sse/mcp", ALICE, session)).containsExactlyInAnyOrderElementsOf(ALICE_TOOLS);
        assertThat(listTools("/sse/mcp", BOB, agent.initialize("/sse/mcp", auth(BOB, null))))
                .containsExactlyInAnyOrderElementsOf(BOB_TOOLS);
    }

    @Test
    void filtersEveryPageAndKeepsTheCursorsWorking() throws Exception {
        String session = agent.initialize("/paged/mcp", auth(BOB, null));
        Set<String> seen = new LinkedHashSet<>();
        String cursor = null;
        int pages = 0;
        do {
            String params = cursor == null ? "" : ",\"params\":{\"cursor\":\"" + cursor + "\"}";
            HttpResponse<String> page = call("/paged/mcp", BOB, session,
                    "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"" + params + "}");
            assertThat(page.statusCode()).isEqualTo(200);
            JsonNode result = AgentClient.message(page).get("result");
            result.get("tools").forEach(tool -> seen.add(tool.get("name").asText()));
            assertThat(result.get("tools").size()).isLessThanOrEqualTo(4);
            cursor = result.hasNonNull("nextCursor") ? result.get("nextCursor").asText() : null;
            pages++;
        } while (cursor != null && pages < 10);

        assertThat(pages).isEqualTo(4);
        assertThat(seen).containsExactlyInAnyOrderElementsOf(BOB_TOOLS);
    }

    @Test
    void aListResponseThatIsNotValidJsonBecomesAnInternalError() throws Exception {
        for (String path : List.of("/not-json/mcp", "/duplicate-keys/mcp")) {
            HttpResponse<String> list = call(path, ALICE, null, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}");

            assertThat(list.statusCode()).as(path).isEqualTo(502);
            assertThat(list.body()).doesNotContain("delete_user");
            JsonNode error = AgentClient.message(list).get("error");
            assertThat(error.get("code").asInt()).isEqualTo(-32603);
            assertThat(error.get("message").asText()).isEqualTo("list response could not be filtered");
            assertThat(AgentClient.message(list).get("id").asInt()).isEqualTo(2);
        }
    }

    @Test
    void anSseListEventThatIsNotValidJsonBecomesAnInternalError() throws Exception {
        HttpResponse<String> list = call("/broken-sse/mcp", ALICE, null,
                "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}");

        assertThat(list.body()).doesNotContain("delete_user").contains(": hello");
        JsonNode message = AgentClient.message(list);
        assertThat(message.at("/error/code").asInt()).isEqualTo(-32603);
        assertThat(message.get("id").asInt()).isEqualTo(2);
    }

    @Test
    void filtersListAnswersReplayedOnAResumedStream() throws Exception {
        HttpResponse<String> resumed = agent.http().send(agent.request("/replaying/mcp").GET()
                .header("Authorization", "Bearer " + ALICE).header("Accept", "text/event-stream")
                .header("Last-Event-ID", "3").build(), HttpResponse.BodyHandlers.ofString());

        assertThat(resumed.statusCode()).isEqualTo(200);
        assertThat(resumed.body()).contains("notifications/message").contains("id: 5").contains("get_users")
                .doesNotContain("delete_user");
    }

    @Test
    void aCatastrophicPolicyPatternIsBoundedAndDenies() throws Exception {
        String session = agent.initialize("/mock-mcp/mcp", auth(EVE, null));

        HttpResponse<String> call = assertTimeoutPreemptively(Duration.ofSeconds(5),
                () -> callTool("/mock-mcp/mcp", EVE, session, "a".repeat(60) + "_b"));

        assertDenied(call, "primitive_not_allowed", null);
        assertThat(assertTimeoutPreemptively(Duration.ofSeconds(5), () -> listTools("/mock-mcp/mcp", EVE, session)))
                .isEmpty();
    }

    @Test
    void aRevokedKeyIsRefusedOnItsNextRequest() throws Exception {
        String session = agent.initialize("/mock-mcp/mcp", auth(CAROL, null));
        assertThat(callTool("/mock-mcp/mcp", CAROL, session, "get_users").statusCode()).isEqualTo(200);
        long next = gateway.version() + 1;

        feed.publish(snapshot(next, false));
        await().atMost(Duration.ofSeconds(5)).until(() -> gateway.version() == next);

        HttpResponse<String> reused = callTool("/mock-mcp/mcp", CAROL, session, "get_users");
        assertThat(reused.statusCode()).isEqualTo(401);
        assertThat(AgentClient.message(reused).at("/error/data/reason").asText()).isEqualTo("unknown_key");
        feed.publish(snapshot(next + 1, true));
        await().atMost(Duration.ofSeconds(5)).until(() -> gateway.version() == next + 1);
    }
}
