package dev.portcullis.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portcullis.gateway.support.AgentClient;
import dev.portcullis.gateway.support.CuttableTcpRelay;
import dev.portcullis.gateway.support.HeaderDispatchingUpstream;
import dev.portcullis.gateway.support.RunningGateway;
import dev.portcullis.gateway.support.Teardown;
import dev.portcullis.gateway.support.TestFeed;
import dev.portcullis.gateway.support.TestSessionKeys;
import dev.portcullis.gateway.upstream.GatewaySecretKey;
import dev.portcullis.mock.MockMcpServer;
import dev.portcullis.model.proxy.ProxyDefinition;
import dev.portcullis.model.secret.X25519Keys;
import dev.portcullis.model.snapshot.ConfigSnapshot;
import dev.portcullis.model.snapshot.Ed25519Keys;
import dev.portcullis.model.snapshot.SnapshotSigner;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import io.vertx.core.Vertx;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three real mock MCP servers behind one proxy: sessions stay on the target that created them, new sessions and
 * 2026-07-28 requests spread over the targets, a killed target is skipped and its sessions re-initialise with the
 * official Java SDK client, and a GET stream survives its upstream connection being cut (and ends cleanly when
 * it cannot resume). The third target sits behind a TCP relay whose connections the test cuts (and which it
 * closes to make that target unreachable). Tests that take a target away run last.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LoadBalancingIT {

    private static final String PATH = "/lb/mcp";
    private static final String ECHO = """
            {"jsonrpc":"2.0","id":%d,"method":"tools/call","params":{"name":"get_anything","arguments":{}}}""";
    private static final String STATELESS = """
            {"jsonrpc":"2.0","id":%d,"method":"tools/list","params":{"_meta":{
             "io.modelcontextprotocol/protocolVersion":"2026-07-28",
             "io.modelcontextprotocol/clientInfo":{"name":"it","version":"1"}}}}""";

    @TempDir
    static Path dataDir;

    private static Vertx vertx;
    private static final List<MockMcpServer> MOCKS = new ArrayList<>();
    private static CuttableTcpRelay relay;
    private static final List<HeaderDispatchingUpstream> STATELESS_UPSTREAMS = new ArrayList<>();
    private static TestFeed feed;
    private static RunningGateway gateway;
    private static AgentClient agent;
    /** The Host each target receives (what {@code get_anything} echoes), to the target's index. */
    private static final Map<String, Integer> TARGET_BY_HOST = new HashMap<>();

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        for (int i = 0; i < 3; i++) {
            MOCKS.add(MockMcpServer.start("127.0.0.1", 0));
            STATELESS_UPSTREAMS.add(HeaderDispatchingUpstream.start(vertx, """
                    {"resultType":"complete","supportedVersions":["2026-07-28"],"capabilities":{"tools":{}}}"""));
        }
        relay = CuttableTcpRelay.start(vertx, MOCKS.get(2).port());
        List<String> urls = List.of(MOCKS.get(0).baseUrl(), MOCKS.get(1).baseUrl(), relay.url());
        for (int i = 0; i < 3; i++) {
            TARGET_BY_HOST.put(urls.get(i).replaceFirst("^http://", ""), i);
        }
        KeyPair signing = Ed25519Keys.generate();
        KeyPair gatewayKey = X25519Keys.generate();
        GatewaySecretKey.write(dataDir.resolve(GatewaySecretKey.FILE_NAME), gatewayKey);
        ProxyDefinition sessions = ProxyDefinition.parse("""
                {"id":"lb","name":"lb","listenPath":"/lb/","authentication":{"enabled":false},
                 "upstream":{"url":"%s","targets":["%s",{"url":"%s","weight":1}],
                  "passiveHealth":{"failures":1,"coolDownMs":60000},"timeoutMs":5000}}
                """.formatted(urls.get(0), urls.get(1), urls.get(2)));
        ProxyDefinition stateless = ProxyDefinition.parse("""
                {"id":"lb26","name":"lb26","listenPath":"/lb26/","authentication":{"enabled":false},
                 "upstream":{"url":"%s","targets":["%s","%s"],"balancing":"leastRequests"}}
                """.formatted(STATELESS_UPSTREAMS.get(0).url(), STATELESS_UPSTREAMS.get(1).url(),
                STATELESS_UPSTREAMS.get(2).url()));
        feed = TestFeed.start(vertx);
        feed.publish(new SnapshotSigner(signing.getPrivate()).sign(new ConfigSnapshot(ConfigSnapshot.SCHEMA_VERSION,
                1, Instant.now(), List.of(), List.of(sessions, stateless), List.of(), List.of(), Map.of(),
                TestSessionKeys.sealedFor(gatewayKey.getPublic(), TestSessionKeys.generate("1")))));
        gateway = RunningGateway.start(vertx, feed.url(), signing.getPublic(), dataDir);
        await().atMost(Duration.ofSeconds(10)).until(() -> gateway.version() == 1);
        agent = new AgentClient(gateway.baseUrl());
    }

    @AfterAll
    static void stop() throws Exception {
        List<AutoCloseable> all = new ArrayList<>(List.of(gateway, feed, relay));
        all.addAll(STATELESS_UPSTREAMS);
        all.addAll(MOCKS);
        Teardown.closeAll(vertx, all.toArray(AutoCloseable[]::new));
    }

    /** The index of the target that answered {@code get_anything} in {@code session}. */
    private static int targetOf(String session, int id) throws Exception {
        HttpResponse<String> answer = agent.post(PATH, ECHO.formatted(id), "Mcp-Session-Id", session);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        JsonNode headers = AgentClient.message(answer).at("/result/structuredContent/headers");
        return TARGET_BY_HOST.get(headers.get("host").asText());
    }

    /** A new session on target {@code index}, opening sessions until one lands there. */
    private static String sessionOn(int index) throws Exception {
        for (int i = 0; i < 20; i++) {
            String session = agent.initialize(PATH);
            if (targetOf(session, 1) == index) {
                return session;
            }
        }
        throw new AssertionError("no session landed on target " + index);
    }

    @Test
    @Order(1)
    void sessionsStickToTheirTargetAndNewSessionsSpreadOverAllThree() throws Exception {
        Set<Integer> used = new HashSet<>();
        for (int s = 0; s < 9; s++) {
            String session = agent.initialize(PATH);
            int first = targetOf(session, 1);
            used.add(first);
            for (int call = 2; call <= 6; call++) {
                assertThat(targetOf(session, call)).as("session %d call %d", s, call).isEqualTo(first);
            }
        }

        assertThat(used).containsExactlyInAnyOrder(0, 1, 2);
    }

    @Test
    @Order(2)
    void sessionlessRequestsOfTheNewRevisionAreBalancedPerRequest() throws Exception {
        STATELESS_UPSTREAMS.forEach(HeaderDispatchingUpstream::clear);

        for (int i = 0; i < 9; i++) {
            HttpResponse<String> answer = agent.post("/lb26/mcp", STATELESS.formatted(i),
                    "MCP-Protocol-Version", "2026-07-28", "Mcp-Method", "tools/list");
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        }

        assertThat(STATELESS_UPSTREAMS).allSatisfy(upstream -> assertThat(upstream.received()).hasSize(3));
    }

    @Test
    @Order(3)
    void aGetStreamSurvivesItsUpstreamConnectionBeingCutWithNoGapOrDuplicate() throws Exception {
        String session = sessionOn(2);
        OpenStream stream = subscribedStream(session);
        createUser(session, 10);
        createUser(session, 11);
        await().atMost(Duration.ofSeconds(5)).until(() -> stream.eventIds().size() == 2);

        relay.cutAll();
        // Users created meanwhile (through another session, straight at the instance) are announced to every
        // subscribed session, ours included, while its stream reconnects.
        AgentClient direct = new AgentClient(MOCKS.get(2).baseUrl());
        String other = direct.initialize("/mcp");
        createUser(direct, "/mcp", other, 12);
        createUser(direct, "/mcp", other, 13);

        await().atMost(Duration.ofSeconds(10)).until(() -> stream.eventIds().size() >= 4);
        createUser(session, 14);
        await().atMost(Duration.ofSeconds(5)).until(() -> stream.eventIds().size() >= 5);
        assertThat(stream.eventIds()).containsExactly("g1", "g2", "g3", "g4", "g5");
        assertThat(stream.ended()).isFalse();
        stream.cancel();
    }

    @Test
    @Order(4)
    void aGetStreamThatCannotResumeEndsCleanly() throws Exception {
        String session = sessionOn(2);
        OpenStream stream = subscribedStream(session);
        createUser(session, 20);
        await().atMost(Duration.ofSeconds(5)).until(() -> stream.eventIds().size() == 1);

        // The connection is cut and the instance refuses new ones from then on, as a dead one does: every
        // reconnection fails, and the agent's stream ends (cleanly: the client reconnects itself).
        relay.close();

        await().atMost(Duration.ofSeconds(15)).until(stream::ended);
        assertThat(stream.lines).noneMatch(line -> line.startsWith("!error"));
        assertThat(stream.eventIds()).containsExactly("g1");
    }

    @Test
    @Order(5)
    void aKilledTargetIsSkippedAndItsSessionsReinitialiseWithTheSdkClient() throws Exception {
        try (McpSyncClient client = connect()) {
            client.initialize();
            int killed = targetOfSdk(client);
            int survivor = 1 - killed;
            MOCKS.get(killed).close();

            // The session's instance is gone: 404, so the SDK ends the session (the call in flight fails) and starts
            // a new one, which lands on the survivor.
            Throwable lost = catchThrowable(() -> targetOfSdk(client));
            if (lost != null) {
                assertThat(lost).hasMessageContaining("session");
            }
            await().atMost(Duration.ofSeconds(15)).ignoreExceptions().until(() -> targetOfSdk(client) == survivor);
            for (int call = 0; call < 3; call++) {
                assertThat(targetOfSdk(client)).isEqualTo(survivor);
            }
            for (int i = 0; i < 6; i++) {
                String session = agent.initialize(PATH);
                assertThat(targetOf(session, 1)).isEqualTo(survivor);
            }
        }
    }

    private static int targetOfSdk(McpSyncClient client) {
        McpSchema.CallToolResult result = client.callTool(new McpSchema.CallToolRequest("get_anything", Map.of()));
        @SuppressWarnings("unchecked")
        Map<String, Object> headers = (Map<String, Object>) ((Map<String, Object>) result.structuredContent())
                .get("headers");
        return TARGET_BY_HOST.get((String) headers.get("host"));
    }

    private static McpSyncClient connect() {
        HttpClientStreamableHttpTransport transport = HttpClientStreamableHttpTransport.builder(gateway.baseUrl())
                .endpoint(PATH).build();
        return McpClient.sync(transport).clientInfo(new McpSchema.Implementation("portcullis-it", "1.0"))
                .requestTimeout(Duration.ofSeconds(20)).build();
    }

    /** The session's GET stream, once open, with the session subscribed to {@code users://list}. */
    private static OpenStream subscribedStream(String session) throws Exception {
        subscribe(session);
        OpenStream stream = OpenStream.open(session);
        await().atMost(Duration.ofSeconds(5)).until(() -> stream.lines.contains(": stream open"));
        return stream;
    }

    private static void subscribe(String session) throws Exception {
        HttpResponse<String> answer = agent.post(PATH, """
                {"jsonrpc":"2.0","id":2,"method":"resources/subscribe","params":{"uri":"users://list"}}""",
                "Mcp-Session-Id", session);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    }

    private static void createUser(String session, int id) throws Exception {
        createUser(agent, PATH, session, id);
    }

    private static void createUser(AgentClient client, String path, String session, int id) throws Exception {
        HttpResponse<String> answer = client.post(path, """
                {"jsonrpc":"2.0","id":%d,"method":"tools/call","params":{"name":"create_user",
                 "arguments":{"name":"U%d","email":"u%d@example.com"}}}""".formatted(id, id, id),
                "Mcp-Session-Id", session);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    }

    /** The session's GET stream through the gateway, its lines collected as they arrive. */
    private record OpenStream(HttpResponse<Stream<String>> response, List<String> lines, Thread reader) {

        static OpenStream open(String session) throws Exception {
            HttpRequest request = agent.request(PATH).GET().header("Accept", "text/event-stream")
                    .header("Mcp-Session-Id", session).timeout(Duration.ofMinutes(2)).build();
            HttpResponse<Stream<String>> response = agent.http().send(request, HttpResponse.BodyHandlers.ofLines());
            assertThat(response.statusCode()).isEqualTo(200);
            List<String> lines = new CopyOnWriteArrayList<>();
            Thread reader = new Thread(() -> {
                try (Stream<String> body = response.body()) {
                    body.forEach(lines::add);
                } catch (RuntimeException e) {
                    lines.add("!error " + e.getClass().getSimpleName());
                }
            }, "lb-stream");
            reader.setDaemon(true);
            reader.start();
            return new OpenStream(response, lines, reader);
        }

        List<String> eventIds() {
            return lines.stream().filter(line -> line.startsWith("id: ")).map(line -> line.substring(4)).toList();
        }

        boolean ended() {
            return !reader.isAlive();
        }

        void cancel() {
            response.body().close();
            reader.interrupt();
        }
    }
}
