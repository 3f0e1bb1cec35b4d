package dev.portcullis.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portcullis.gateway.runtime.SessionBinding;
import dev.portcullis.gateway.runtime.SessionKeyRing;
import dev.portcullis.gateway.support.AgentClient;
import dev.portcullis.gateway.support.RecordingRelay;
import dev.portcullis.gateway.support.RunningGateway;
import dev.portcullis.gateway.support.Teardown;
import dev.portcullis.gateway.support.TestFeed;
import dev.portcullis.gateway.support.TestProxies;
import dev.portcullis.gateway.support.TestSessionKeys;
import dev.portcullis.gateway.support.TestSnapshots;
import dev.portcullis.gateway.upstream.GatewaySecretKey;
import dev.portcullis.mock.MockMcpServer;
import dev.portcullis.model.key.KeyEntry;
import dev.portcullis.model.proxy.ProxyDefinition;
import dev.portcullis.model.secret.X25519Keys;
import dev.portcullis.model.snapshot.ConfigSnapshot;
import dev.portcullis.model.snapshot.Ed25519Keys;
import dev.portcullis.model.snapshot.SessionKeys;
import dev.portcullis.model.snapshot.SignedSnapshot;
import dev.portcullis.model.snapshot.SnapshotSigner;
import io.vertx.core.Vertx;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sessions belong to the consumer and proxy that opened them: the real gateway seals the upstream's session id,
 * and another key, another proxy's key on the same upstream, or an altered id gets 404 -32001 "unknown session"
 * before the upstream (behind a recording relay) sees anything.
 */
class SessionBindingIT {

    private static final String KEY_A = TestSnapshots.newToken();
    private static final String KEY_B = TestSnapshots.newToken();
    private static final String KEY_OTHER_PROXY = TestSnapshots.newToken();
    private static final String CALL = """
            {"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":"get_anything","arguments":{}}}""";

    @TempDir
    static Path root;

    private static Vertx vertx;
    private static MockMcpServer mock;
    private static RecordingRelay upstream;
    private static KeyPair signing;
    private static TestSessionKeys.RawKey firstKey;
    private static Deployment main;

    /** A feed and a gateway with its own data directory and secrets key. */
    private record Deployment(TestFeed feed, RunningGateway gateway, KeyPair gatewayKey, Path dataDir,
                              AgentClient agent) implements AutoCloseable {

        static Deployment start(Path dataDir, SessionKeysFor keys) throws Exception {
            KeyPair gatewayKey = X25519Keys.generate();
            GatewaySecretKey.write(dataDir.resolve(GatewaySecretKey.FILE_NAME), gatewayKey);
            TestFeed feed = TestFeed.start(vertx);
            feed.publish(snapshot(1, keys.sealedFor(gatewayKey)));
            RunningGateway gateway = RunningGateway.start(vertx, feed.url(), signing.getPublic(), dataDir);
            await().atMost(Duration.ofSeconds(10)).until(() -> gateway.version() == 1);
            return new Deployment(feed, gateway, gatewayKey, dataDir, new AgentClient(gateway.baseUrl()));
        }

        void publish(long version, SessionKeysFor keys) {
            feed.publish(snapshot(version, keys.sealedFor(gatewayKey)));
            await().atMost(Duration.ofSeconds(10)).until(() -> gateway.version() == version);
        }

        @Override
        public void close() throws Exception {
            Teardown.closeAll(null, gateway, feed);
        }
    }

    @FunctionalInterface
    private interface SessionKeysFor {
        SessionKeys sealedFor(KeyPair gatewayKey);
    }

    private static SessionKeysFor keys(TestSessionKeys.RawKey current, TestSessionKeys.RawKey... previous) {
        return gatewayKey -> TestSessionKeys.sealedFor(gatewayKey.getPublic(), current, previous);
    }

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        mock = MockMcpServer.start("127.0.0.1", 0);
        upstream = RecordingRelay.start(vertx, mock.port());
        signing = Ed25519Keys.generate();
        firstKey = TestSessionKeys.generate("1");
        main = Deployment.start(dir("main"), keys(firstKey));
    }

    @AfterAll
    static void stop() throws Exception {
        Teardown.closeAll(vertx, main, upstream, mock);
    }

    private static Path dir(String name) throws Exception {
        return Files.createDirectories(root.resolve(name));
    }

    private static SignedSnapshot snapshot(long version, SessionKeys sessionKeys) {
        List<ProxyDefinition> proxies = List.of(
                TestProxies.definition("a", "/a/", upstream.url(),
                        "\"tools\":{\"generate_uuid\":{\"ignoreAuthentication\":true}},"),
                TestProxies.definition("b", "/b/", upstream.url()),
                TestProxies.definition("open", "/open/", upstream.url(), "\"authentication\":{\"enabled\":false},"));
        List<KeyEntry> keys = List.of(TestSnapshots.key("key-a", KEY_A, null, "a"),
                TestSnapshots.key("key-b", KEY_B, null, "a"),
                TestSnapshots.key("key-c", KEY_OTHER_PROXY, null, "b"));
        return new SnapshotSigner(signing.getPrivate()).sign(new ConfigSnapshot(ConfigSnapshot.SCHEMA_VERSION,
                version, Instant.now(), List.of(), proxies, keys, List.of(), Map.of(), sessionKeys));
    }

    private static String[] as(String key, String session) {
        return new String[] {"Authorization", "Bearer " + key, "Mcp-Session-Id", session};
    }

    /** POST, GET stream and DELETE with {@code session}, each expected refused as an unknown session. */
    private static void assertRefusedEverywhere(AgentClient agent, String path, String key, String session)
            throws Exception {
        HttpResponse<String> post = agent.post(path, CALL, as(key, session));
        assertUnknownSession(post);
        HttpResponse<String> get = agent.http().send(agent.request(path).header("Authorization", "Bearer " + key)
                .header("Mcp-Session-Id", session).header("Accept", "text/event-stream").GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertUnknownSession(get);
        HttpResponse<String> delete = agent.http().send(agent.request(path).header("Authorization", "Bearer " + key)
                .header("Mcp-Session-Id", session).DELETE().build(), HttpResponse.BodyHandlers.ofString());
        assertUnknownSession(delete);
    }

    private static void assertUnknownSession(HttpResponse<String> response) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(404);
        JsonNode error = AgentClient.message(response).get("error");
        assertThat(error.get("code").asInt()).isEqualTo(-32001);
        assertThat(error.get("message").asText()).isEqualTo("unknown session");
    }

    /** The session id the upstream received for a call made with {@code session}, read from its echo. */
    private static String upstreamSessionOf(AgentClient agent, String path, String key, String session)
            throws Exception {
        HttpResponse<String> call = agent.post(path, CALL, as(key, session));
        assertThat(call.statusCode()).as(call.body()).isEqualTo(200);
        return AgentClient.message(call).at("/result/structuredContent/headers/mcp-session-id").asText();
    }

    @Test
    void sealsTheUpstreamSessionIdAndForwardsTheOriginalUpstream() throws Exception {
        String sealed = main.agent().initialize("/a/mcp", "Authorization", "Bearer " + KEY_A);
        String handedOut = upstream.handedOut().get(upstream.handedOut().size() - 1);

        assertThat(sealed).startsWith("ps1.1.").doesNotContain(handedOut);
        assertThat(upstreamSessionOf(main.agent(), "/a/mcp", KEY_A, sealed)).isEqualTo(handedOut);
        assertThat(upstream.seen()).extracting(RecordingRelay.Seen::sessionId).doesNotContain(sealed);
    }

    @Test
    void refusesAnotherKeysUseOfASessionBeforeTheUpstreamSeesIt() throws Exception {
        String sealed = main.agent().initialize("/a/mcp", "Authorization", "Bearer " + KEY_A);
        int sessions = mock.activeSessions();
        int reached = upstream.seen().size();

        assertRefusedEverywhere(main.agent(), "/a/mcp", KEY_B, sealed);

        assertThat(upstream.seen()).hasSize(reached);
        assertThat(mock.activeSessions()).isEqualTo(sessions);
        assertThat(upstreamSessionOf(main.agent(), "/a/mcp", KEY_A, sealed)).isNotBlank();
    }

    @Test
    void refusesASessionOnAnotherProxyFrontingTheSameUpstream() throws Exception {
        String sealed = main.agent().initialize("/a/mcp", "Authorization", "Bearer " + KEY_A);
        int reached = upstream.seen().size();

        assertRefusedEverywhere(main.agent(), "/b/mcp", KEY_OTHER_PROXY, sealed);

        assertThat(upstream.seen()).hasSize(reached);
        assertThat(upstreamSessionOf(main.agent(), "/a/mcp", KEY_A, sealed)).isNotBlank();
    }

    @Test
    void refusesAlteredForeignAndOversizedSessionIds() throws Exception {
        String sealed = main.agent().initialize("/a/mcp", "Authorization", "Bearer " + KEY_A);
        String handedOut = upstream.handedOut().get(upstream.handedOut().size() - 1);
        char last = sealed.charAt(sealed.length() - 10);
        String altered = sealed.substring(0, sealed.length() - 10) + (last == 'A' ? 'B' : 'A')
                + sealed.substring(sealed.length() - 9);
        String foreign = SessionKeyRing.of(SessionKeyRing.key("1", TestSessionKeys.generate("1").raw(), null))
                .seal(new SessionBinding("a", "key:key-a", handedOut));
        int reached = upstream.seen().size();

        assertRefusedEverywhere(main.agent(), "/a/mcp", KEY_A, altered);
        assertRefusedEverywhere(main.agent(), "/a/mcp", KEY_A, handedOut);
        assertRefusedEverywhere(main.agent(), "/a/mcp", KEY_A, foreign);
        assertRefusedEverywhere(main.agent(), "/a/mcp", KEY_A, "ps1.1." + "A".repeat(5000));

        assertThat(upstream.seen()).hasSize(reached);
    }

    @Test
    void theOwnerEndsItsSessionWithDelete() throws Exception {
        String sealed = main.agent().initialize("/a/mcp", "Authorization", "Bearer " + KEY_A);
        HttpResponse<InputStream> stream = main.agent().http().send(main.agent().request("/a/mcp")
                .header("Authorization", "Bearer " + KEY_A).header("Mcp-Session-Id", sealed)
                .header("Accept", "text/event-stream").GET().build(), HttpResponse.BodyHandlers.ofInputStream());
        stream.body().close();

        HttpResponse<String> deleted = main.agent().http().send(main.agent().request("/a/mcp")
                .header("Authorization", "Bearer " + KEY_A).header("Mcp-Session-Id", sealed).DELETE().build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(stream.statusCode()).isEqualTo(200);
        assertThat(stream.headers().firstValue("Mcp-Session-Id")).contains(sealed);
        assertThat(deleted.statusCode()).isBetween(200, 204);
        assertThat(main.agent().post("/a/mcp", CALL, as(KEY_A, sealed)).statusCode()).isEqualTo(404);
    }

    @Test
    void aSessionSurvivesAGatewayRestartAndWorksOnAnotherGatewayOfTheDeployment() throws Exception {
        TestSessionKeys.RawKey shared = TestSessionKeys.generate("4");
        Path firstDir = dir("restart");
        String sealed;
        String handedOut;
        try (Deployment first = Deployment.start(firstDir, keys(shared))) {
            sealed = first.agent().initialize("/a/mcp", "Authorization", "Bearer " + KEY_A);
            handedOut = upstream.handedOut().get(upstream.handedOut().size() - 1);
        }
        try (Deployment second = Deployment.start(dir("second"), keys(shared))) {
            assertThat(upstreamSessionOf(second.agent(), "/a/mcp", KEY_A, sealed)).isEqualTo(handedOut);
            assertRefusedEverywhere(second.agent(), "/a/mcp", KEY_B, sealed);
        }
        try (TestFeed silent = TestFeed.start(vertx);
             RunningGateway restarted = RunningGateway.start(vertx, silent.url(), signing.getPublic(), firstDir)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> restarted.version() == 1);
            AgentClient agent = new AgentClient(restarted.baseUrl());
            assertThat(upstreamSessionOf(agent, "/a/mcp", KEY_A, sealed)).isEqualTo(handedOut);
        }
    }

    @Test
    void aRotationKeepsLiveSessionsAndSealsNewOnesWithTheNewKey() throws Exception {
        TestSessionKeys.RawKey old = TestSessionKeys.generate("5");
        TestSessionKeys.RawKey fresh = TestSessionKeys.generate("6");
        try (Deployment deployment = Deployment.start(dir("rotation"), keys(old))) {
            String before = deployment.agent().initialize("/a/mcp", "Authorization", "Bearer " + KEY_A);

            deployment.publish(2, keys(fresh, old.until(Instant.now().plusSeconds(3600))));
            String after = deployment.agent().initialize("/a/mcp", "Authorization", "Bearer " + KEY_A);

            assertThat(before).startsWith("ps1.5.");
            assertThat(after).startsWith("ps1.6.");
            assertThat(upstreamSessionOf(deployment.agent(), "/a/mcp", KEY_A, before)).isNotBlank();
            assertThat(upstreamSessionOf(deployment.agent(), "/a/mcp", KEY_A, after)).isNotBlank();

            deployment.publish(3, keys(fresh, old.until(Instant.now().minusSeconds(1))));
            assertUnknownSession(deployment.agent().post("/a/mcp", CALL, as(KEY_A, before)));
            assertThat(upstreamSessionOf(deployment.agent(), "/a/mcp", KEY_A, after)).isNotBlank();
        }
    }

    @Test
    void sessionsOfAProxyWithoutAuthenticationPassThroughUnchanged() throws Exception {
        String session = main.agent().initialize("/open/mcp");
        String handedOut = upstream.handedOut().get(upstream.handedOut().size() - 1);

        assertThat(session).isEqualTo(handedOut);
        HttpResponse<String> call = main.agent().post("/open/mcp", CALL, "Mcp-Session-Id", session);
        assertThat(AgentClient.message(call).at("/result/structuredContent/headers/mcp-session-id").asText())
                .isEqualTo(session);
    }

    @Test
    void aPublicPrimitiveIsServedInAGenuineSessionOfItsProxyOnly() throws Exception {
        String sealed = main.agent().initialize("/a/mcp", "Authorization", "Bearer " + KEY_A);
        String publicCall = """
                {"jsonrpc":"2.0","id":8,"method":"tools/call","params":{"name":"generate_uuid","arguments":{}}}""";
        String onOtherProxy = main.agent().initialize("/b/mcp", "Authorization", "Bearer " + KEY_OTHER_PROXY);
        int reached = upstream.seen().size();

        assertUnknownSession(main.agent().post("/a/mcp", publicCall, "Mcp-Session-Id", onOtherProxy));
        assertUnknownSession(main.agent().post("/a/mcp", publicCall, "Mcp-Session-Id", sealed + "A"));
        assertThat(upstream.seen()).hasSize(reached);
        assertThat(main.agent().post("/a/mcp", publicCall, "Mcp-Session-Id", sealed).statusCode()).isEqualTo(200);
        assertThat(main.agent().post("/a/mcp", CALL, "Mcp-Session-Id", sealed).statusCode()).isEqualTo(401);
    }
}
