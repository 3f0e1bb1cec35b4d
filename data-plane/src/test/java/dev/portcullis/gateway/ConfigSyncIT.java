package dev.portcullis.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portcullis.gateway.support.AgentClient;
import dev.portcullis.gateway.support.RunningGateway;
import dev.portcullis.gateway.support.SyncFixture;
import dev.portcullis.gateway.support.TestFeed;
import dev.portcullis.gateway.support.TestSnapshots;
import dev.portcullis.launcher.services.FreePorts;
import dev.portcullis.model.json.Json;
import dev.portcullis.model.key.KeyEntry;
import dev.portcullis.model.proxy.ProxyDefinition;
import dev.portcullis.model.snapshot.SignedSnapshot;
import io.vertx.core.Vertx;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Config sync against a test feed: verification, versions, reports, revocation and the disk copy. */
class ConfigSyncIT {

    private static final String KEY_A = TestSnapshots.newToken();
    private static final String KEY_B = TestSnapshots.newToken();

    @TempDir
    Path dataDir;

    private SyncFixture sync;
    private Vertx vertx;
    private TestSnapshots snapshots;
    private List<ProxyDefinition> proxies;
    private TestFeed feed;
    private RunningGateway gateway;

    @BeforeEach
    void start() throws Exception {
        sync = SyncFixture.start();
        vertx = sync.vertx();
        snapshots = sync.snapshots();
        proxies = sync.proxies();
        feed = TestFeed.start(vertx);
    }

    @AfterEach
    void stop() throws Exception {
        if (gateway != null) {
            gateway.close();
        }
        feed.close();
        sync.close();
    }

    @Test
    void appliesTheFeedsSnapshotAndReportsIt() throws Exception {
        feed.publish(v(1, key("a", KEY_A)));

        gateway = startGateway();

        await().atMost(Duration.ofSeconds(10)).until(() -> gateway.version() == 1);
        assertThat(agent().initialize("/mock-mcp/mcp", "Authorization", "Bearer " + KEY_A)).isNotBlank();
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(feed.reports())
                .anySatisfy(report -> {
                    assertThat(report.get("accepted").asBoolean()).isTrue();
                    assertThat(report.get("receivedVersion").asLong()).isEqualTo(1);
                    assertThat(report.get("gatewayId").asText()).isEqualTo("gw-test");
                }));
        assertThat(Files.exists(dataDir.resolve("snapshot.json"))).isTrue();
    }

    @Test
    void answers503BeforeAnyConfiguration() throws Exception {
        gateway = startGateway();

        HttpResponse<String> response = agent().post("/mock-mcp/mcp", """
                {"jsonrpc":"2.0","id":1,"method":"ping"}""");

        assertThat(response.statusCode()).isEqualTo(503);
        JsonNode body = AgentClient.message(response);
        assertThat(body.at("/error/code").asInt()).isEqualTo(-32004);
        assertThat(body.at("/error/message").asText()).isEqualTo("gateway has no configuration yet");
    }

    @Test
    void rejectsATamperedSnapshotReportsItAndKeepsServingTheOldOne() throws Exception {
        feed.publish(v(1, key("a", KEY_A)));
        gateway = startGateway();
        await().atMost(Duration.ofSeconds(10)).until(() -> gateway.version() == 1);

        feed.publishRaw(flipOneByte(v(2, key("a", KEY_A), key("b", KEY_B))));

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(feed.reports())
                .anySatisfy(report -> {
                    assertThat(report.get("accepted").asBoolean()).isFalse();
                    assertThat(report.get("reason").asText()).isNotBlank();
                    assertThat(report.get("appliedVersion").asLong()).isEqualTo(1);
                }));
        assertThat(gateway.version()).isEqualTo(1);
        assertThat(agent().initialize("/mock-mcp/mcp", "Authorization", "Bearer " + KEY_A)).isNotBlank();
        assertThat(agent().post("/mock-mcp/mcp", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}",
                "Authorization", "Bearer " + KEY_B).statusCode()).isEqualTo(401);
    }

    @Test
    void appliesANewerSnapshotThatRevokesAKey() throws Exception {
        feed.publish(v(1, key("a", KEY_A), key("b", KEY_B)));
        gateway = startGateway();
        await().atMost(Duration.ofSeconds(10)).until(() -> gateway.version() == 1);
        assertThat(agent().initialize("/mock-mcp/mcp", "Authorization", "Bearer " + KEY_B)).isNotBlank();

        feed.publish(v(2, key("a", KEY_A)));

        await().atMost(Duration.ofSeconds(1)).untilAsserted(() -> assertThat(agent().post("/mock-mcp/mcp",
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}", "Authorization", "Bearer " + KEY_B)
                .statusCode()).isEqualTo(401));
        assertThat(agent().initialize("/mock-mcp/mcp", "Authorization", "Bearer " + KEY_A)).isNotBlank();
    }

    @Test
    void rejectsAStaleSnapshot() throws Exception {
        SignedSnapshot older = v(1, key("a", KEY_A), key("b", KEY_B));
        feed.publish(v(2, key("a", KEY_A)));
        gateway = startGateway();
        await().atMost(Duration.ofSeconds(10)).until(() -> gateway.version() == 2);

        feed.publish(older);

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(feed.reports())
                .anySatisfy(report -> {
                    assertThat(report.get("accepted").asBoolean()).isFalse();
                    assertThat(report.get("receivedVersion").asLong()).isEqualTo(1);
                    assertThat(report.get("reason").asText()).contains("stale");
                }));
        assertThat(gateway.version()).isEqualTo(2);
    }

    @Test
    void bootsFromTheDiskCopyWhileTheFeedIsDown() throws Exception {
        feed.publish(v(1, key("a", KEY_A)));
        gateway = startGateway();
        await().atMost(Duration.ofSeconds(10)).until(() -> gateway.version() == 1);
        await().atMost(Duration.ofSeconds(5)).until(() -> Files.exists(dataDir.resolve("snapshot.json")));
        gateway.close();
        gateway = null;
        feed.close();

        gateway = RunningGateway.start(vertx, "http://127.0.0.1:" + FreePorts.pick(), snapshots.publicKey(), dataDir);

        assertThat(gateway.version()).isEqualTo(1);
        assertThat(agent().initialize("/mock-mcp/mcp", "Authorization", "Bearer " + KEY_A)).isNotBlank();
        feed = TestFeed.start(vertx);
    }

    @Test
    void ignoresADiskCopySignedByAnotherKey() throws Exception {
        feed.publish(v(1, key("a", KEY_A)));
        gateway = startGateway();
        await().atMost(Duration.ofSeconds(10)).until(() -> gateway.version() == 1);
        await().atMost(Duration.ofSeconds(5)).until(() -> Files.exists(dataDir.resolve("snapshot.json")));
        gateway.close();
        gateway = null;

        gateway = RunningGateway.start(vertx, "http://127.0.0.1:" + FreePorts.pick(), new TestSnapshots().publicKey(),
                dataDir);

        assertThat(gateway.version()).isEqualTo(-1);
    }

    @Test
    void reconnectsAfterTheControlPlaneRestartsAndAppliesTheRevocationItPushes() throws Exception {
        feed.publish(v(1, key("a", KEY_A), key("b", KEY_B)));
        gateway = startGateway();
        await().atMost(Duration.ofSeconds(10)).until(() -> gateway.version() == 1 && feed.connectedStreams() == 1);
        int port = feed.port();

        feed.close();
        feed = TestFeed.start(vertx, port);
        feed.publish(v(2, key("a", KEY_A)));

        // the resync interval is 60 s: only a reconnected stream delivers version 2 this soon
        await().atMost(Duration.ofSeconds(5)).until(() -> gateway.version() == 2);
        assertThat(agent().post("/mock-mcp/mcp", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}",
                "Authorization", "Bearer " + KEY_B).statusCode()).isEqualTo(401);
    }

    @Test
    void rejectsASnapshotBuiltForOtherGatewayTags() throws Exception {
        feed.publish(snapshots.sign(1, List.of("prod"), proxies, List.of(key("a", KEY_A))));

        gateway = startGateway();

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(feed.reports())
                .anySatisfy(report -> {
                    assertThat(report.get("accepted").asBoolean()).isFalse();
                    assertThat(report.get("reason").asText()).contains("tags");
                }));
        assertThat(gateway.version()).isEqualTo(-1);
    }

    @Test
    void reportsTheVersionItBootedFromDiskOnceConnected() throws Exception {
        feed.publish(v(1, key("a", KEY_A)));
        gateway = startGateway();
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(dataDir.resolve("snapshot.json")));
        gateway.close();
        int before = feed.reports().size();

        gateway = startGateway();

        assertThat(gateway.version()).isEqualTo(1);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            List<JsonNode> reports = feed.reports();
            assertThat(reports.subList(before, reports.size())).anySatisfy(report -> {
                assertThat(report.get("accepted").asBoolean()).isTrue();
                assertThat(report.get("receivedVersion").asLong()).isEqualTo(1);
                assertThat(report.get("appliedVersion").asLong()).isEqualTo(1);
            });
        });
    }

    @Test
    void reportsADiskCopyItRefusesAtBootOnceTheControlPlaneAnswers() throws Exception {
        feed.publish(v(1, key("a", KEY_A)));
        gateway = startGateway();
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(dataDir.resolve("snapshot.json")));
        gateway.close();
        gateway = null;
        feed.close();
        TestSnapshots rotated = new TestSnapshots();
        feed = TestFeed.start(vertx);
        feed.publish(rotated.sign(2, List.of(), proxies, List.of(key("a", KEY_A))));

        gateway = RunningGateway.start(vertx, feed.url(), rotated.publicKey(), dataDir);

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(feed.reports())
                .anySatisfy(report -> {
                    assertThat(report.get("accepted").asBoolean()).isFalse();
                    assertThat(report.get("reason").asText()).startsWith("stored snapshot refused at boot: ");
                }));
        await().atMost(Duration.ofSeconds(5)).until(() -> gateway.version() == 2);
    }

    private RunningGateway startGateway() throws Exception {
        return RunningGateway.start(vertx, feed.url(), snapshots.publicKey(), dataDir);
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

    /** The signed snapshot's JSON with one byte of its payload changed, signature untouched. */
    private static String flipOneByte(SignedSnapshot signed) {
        byte[] payload = Base64.getDecoder().decode(signed.payload());
        payload[payload.length / 2] ^= 0x01;
        SignedSnapshot tampered = new SignedSnapshot(Base64.getEncoder().encodeToString(payload),
                signed.signature(), signed.keyId());
        return new String(Json.write(tampered), StandardCharsets.UTF_8);
    }
}
