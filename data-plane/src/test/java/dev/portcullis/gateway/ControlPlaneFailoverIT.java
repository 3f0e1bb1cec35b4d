package dev.portcullis.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.portcullis.gateway.config.GatewaySettings;
import dev.portcullis.gateway.support.AgentClient;
import dev.portcullis.gateway.support.LogLines;
import dev.portcullis.gateway.support.RunningGateway;
import dev.portcullis.gateway.support.SyncFixture;
import dev.portcullis.gateway.support.TestFeed;
import dev.portcullis.gateway.support.TestSnapshots;
import dev.portcullis.model.key.KeyEntry;
import dev.portcullis.model.snapshot.SignedSnapshot;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A gateway given two control planes (two feeds signing with one key, as replicas sharing their key material do)
 * fails over when the one it streams from goes away, and keeps receiving changes.
 */
class ControlPlaneFailoverIT {

    private static final String KEY_A = TestSnapshots.newToken();
    private static final String KEY_B = TestSnapshots.newToken();

    @TempDir
    Path dataDir;

    private SyncFixture sync;
    private Vertx vertx;
    private TestFeed first;
    private TestFeed second;
    private RunningGateway gateway;
    private LogLines log;

    @BeforeEach
    void start() throws Exception {
        sync = SyncFixture.start();
        vertx = sync.vertx();
        first = TestFeed.start(vertx);
        second = TestFeed.start(vertx);
        log = LogLines.of("dev.portcullis.gateway.sync");
    }

    @AfterEach
    void stop() throws Exception {
        log.close();
        if (gateway != null) {
            gateway.close();
        }
        first.close();
        second.close();
        sync.close();
    }

    @Test
    void reconnectsToTheOtherControlPlaneAndReceivesAChangeMadeAfterTheStop() throws Exception {
        SignedSnapshot v1 = v(1, key("a", KEY_A), key("b", KEY_B));
        first.publish(v1);
        second.publish(v1);
        gateway = startGateway();
        await().atMost(Duration.ofSeconds(10)).until(() -> gateway.version() == 1
                && first.connectedStreams() + second.connectedStreams() == 1);
        TestFeed connected = first.connectedStreams() == 1 ? first : second;
        TestFeed other = connected == first ? second : first;
        assertThat(agent().initialize("/mock-mcp/mcp", "Authorization", "Bearer " + KEY_B)).isNotBlank();

        connected.close();
        other.publish(v(2, key("a", KEY_A)));

        // the resync interval is 60 s: only a stream to the other control plane delivers version 2 this soon
        await().atMost(Duration.ofSeconds(5)).until(() -> gateway.version() == 2);
        assertThat(other.connectedStreams()).isEqualTo(1);
        assertThat(agent().post("/mock-mcp/mcp", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}",
                "Authorization", "Bearer " + KEY_B).statusCode()).isEqualTo(401);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(other.reports()).anySatisfy(report -> {
            assertThat(report.get("accepted").asBoolean()).isTrue();
            assertThat(report.get("receivedVersion").asLong()).isEqualTo(2);
        }));
        assertThat(log.count(Level.WARNING, "lost the config feed at " + connected.url())).isEqualTo(1);
        assertThat(log.count(Level.INFO, "config feed restored at " + other.url())).isEqualTo(1);
    }

    @Test
    void warnsOncePerOutageWhileRetryingAndSaysWhenTheFeedIsBack() throws Exception {
        first.publish(v(1, key("a", KEY_A)));
        second.publish(v(1, key("a", KEY_A)));
        gateway = startGateway();
        await().atMost(Duration.ofSeconds(10)).until(() -> gateway.version() == 1
                && first.connectedStreams() + second.connectedStreams() == 1);
        int firstPort = first.port();

        first.close();
        second.close();

        // backoff capped at 500 ms: a dozen failed attempts in 3 s, one WARN
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() ->
                log.count(Level.WARNING, "the config feed at") == 1);
        assertThat(gateway.version()).isEqualTo(1);
        assertThat(agent().initialize("/mock-mcp/mcp", "Authorization", "Bearer " + KEY_A)).isNotBlank();

        first = TestFeed.start(vertx, firstPort);
        first.publish(v(2, key("a", KEY_A), key("b", KEY_B)));

        await().atMost(Duration.ofSeconds(5)).until(() -> gateway.version() == 2);
        assertThat(log.count(Level.INFO, "config feed restored at " + first.url())).isEqualTo(1);
        assertThat(log.count(Level.WARNING, "the config feed at")).isEqualTo(1);
    }

    @Test
    void spreadsGatewaysOverTheControlPlanesTheyAreGiven() throws Exception {
        first.publish(v(1, key("a", KEY_A)));
        second.publish(v(1, key("a", KEY_A)));
        String oneId = "gw-0";
        String twoId = otherThan(oneId);

        try (RunningGateway one = RunningGateway.start(vertx, settings(oneId));
             RunningGateway two = RunningGateway.start(vertx, settings(twoId))) {

            await().atMost(Duration.ofSeconds(10)).until(() -> one.version() == 1 && two.version() == 1
                    && first.connectedStreams() == 1 && second.connectedStreams() == 1);
        }
    }

    /** A gateway id whose hash picks the other of two control planes than {@code id}'s. */
    private static String otherThan(String id) {
        for (int i = 1; ; i++) {
            String candidate = "gw-" + i;
            if (Math.floorMod(candidate.hashCode(), 2) != Math.floorMod(id.hashCode(), 2)) {
                return candidate;
            }
        }
    }

    private GatewaySettings settings(String gatewayId) {
        return RunningGateway.settings(gatewayId, List.of(first.url(), second.url()), sync.snapshots().publicKey(),
                dataDir.resolve(gatewayId));
    }

    private RunningGateway startGateway() throws Exception {
        return RunningGateway.start(vertx, RunningGateway.settings("gw-test", List.of(first.url(), second.url()),
                sync.snapshots().publicKey(), dataDir));
    }

    private AgentClient agent() {
        return new AgentClient(gateway.baseUrl());
    }

    private SignedSnapshot v(long version, KeyEntry... keys) {
        return sync.snapshot(version, keys);
    }

    private static KeyEntry key(String id, String token) {
        return SyncFixture.key(id, token);
    }
}
