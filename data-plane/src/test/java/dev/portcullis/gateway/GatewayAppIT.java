package dev.portcullis.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.portcullis.gateway.config.EventLoops;
import dev.portcullis.gateway.support.AgentClient;
import dev.portcullis.gateway.support.TestFeed;
import dev.portcullis.gateway.support.TestProxies;
import dev.portcullis.gateway.support.TestSnapshots;
import dev.portcullis.launcher.services.RedisEndpoint;
import dev.portcullis.launcher.services.RespClient;
import dev.portcullis.launcher.services.TestRedis;
import dev.portcullis.launcher.services.TestRedisEndpoint;
import dev.portcullis.model.analytics.AnalyticsRecord;
import dev.portcullis.model.analytics.AnalyticsRecordJson;
import dev.portcullis.model.json.Json;
import dev.portcullis.model.snapshot.Ed25519Keys;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * The Quarkus wiring: config mapping from properties, startup, the readiness check on the management port and
 * the agent port (forwarding itself is covered by {@link GatewayProxyIT}). The feed is started by the test profile, before Quarkus; the profile and the
 * test run in different class loaders, so they share only system properties and HTTP.
 */
@QuarkusTest
@TestProfile(GatewayAppIT.WithTestFeed.class)
class GatewayAppIT {

    private static final String KEY = TestSnapshots.newToken();
    private static final String FEED_URL = "gateway-app-it.feed-url";
    private static final String SIGNING_KEY = "gateway-app-it.signing-key";
    private static final String PUBLIC_KEY = "gateway-app-it.public-key";
    private static final String DATA_DIR = "gateway-app-it.data-dir";
    private static final String REDIS_URL = "gateway-app-it.redis-url";
    private static final String REDIS_PREFIX = "gateway-app-it.redis-prefix";
    /** Neither the gateway's default here (cores - 1, at least 1) nor Quarkus's own: the setting shows. */
    private static final int EVENT_LOOPS = EventLoops.byDefault(Runtime.getRuntime().availableProcessors()) + 2;

    public static final class WithTestFeed implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            startFeedOnce();
            return Map.ofEntries(
                    Map.entry("portcullis.bind-host", "127.0.0.1"),
                    Map.entry("portcullis.gateway.port", "0"),
                    Map.entry("portcullis.gateway.instances", "2"),
                    Map.entry("portcullis.gateway.event-loops", Integer.toString(EVENT_LOOPS)),
                    Map.entry("portcullis.gateway.token", TestFeed.TOKEN),
                    // a second, dead replica: the gateway fails over to the feed whichever it starts on
                    Map.entry("portcullis.control-plane-url", System.getProperty(FEED_URL) + ",http://127.0.0.1:9"),
                    Map.entry("portcullis.config-stale-after", "10m"),
                    Map.entry("portcullis.stale-config-readiness", "not-ready"),
                    Map.entry("portcullis.feed.public-key", System.getProperty(PUBLIC_KEY)),
                    Map.entry("portcullis.data-dir", System.getProperty(DATA_DIR)),
                    Map.entry("portcullis.redis-url", System.getProperty(REDIS_URL)),
                    Map.entry("portcullis.redis-key-prefix", System.getProperty(REDIS_PREFIX)));
        }

        /** Quarkus may ask for the overrides more than once: start one feed and hand out the same values. */
        private static synchronized void startFeedOnce() {
            if (System.getProperty(FEED_URL) != null) {
                return;
            }
            try {
                TestFeed feed = TestFeed.start(Vertx.vertx());
                TestSnapshots snapshots = new TestSnapshots();
                System.setProperty(SIGNING_KEY, snapshots.privatePem());
                System.setProperty(PUBLIC_KEY, Ed25519Keys.publicToBase64(snapshots.publicKey()));
                System.setProperty(DATA_DIR, Files.createTempDirectory("gateway-app-it").toString());
                TestRedisEndpoint redis = TestRedis.create();
                System.setProperty(REDIS_URL, redis.url());
                System.setProperty(REDIS_PREFIX, redis.keyPrefix());
                System.setProperty(FEED_URL, feed.url());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    @Inject
    GatewayLifecycle lifecycle;

    @Inject
    Vertx vertx;

    @ConfigProperty(name = "quarkus.http.test-port")
    int managementPort;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Test
    void runsTheEventLoopsItIsConfiguredWith() {
        assertThat(GatewayLifecycle.eventLoops(vertx)).isEqualTo(EVENT_LOOPS);
    }

    @Test
    void becomesReadyOnceASnapshotIsAppliedAndServesAgents() throws Exception {
        assertThat(ready()).isEqualTo(503);
        TestSnapshots snapshots = TestSnapshots.fromPrivatePem(System.getProperty(SIGNING_KEY));
        var snapshot = snapshots.sign(1, List.of(TestProxies.definition("mock", "/mock-mcp/",
                "http://127.0.0.1:9")), List.of(TestSnapshots.key("k1", KEY, null, "mock")));

        HttpResponse<Void> published = http.send(HttpRequest.newBuilder(
                        URI.create(System.getProperty(FEED_URL) + "/test/publish"))
                .header("Authorization", "Bearer " + TestFeed.TOKEN)
                .POST(HttpRequest.BodyPublishers.ofByteArray(Json.write(snapshot))).build(),
                HttpResponse.BodyHandlers.discarding());

        assertThat(published.statusCode()).isEqualTo(204);
        await().atMost(Duration.ofSeconds(10)).until(() -> ready() == 200);
        String readiness = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort
                + "/q/health/ready")).build(), HttpResponse.BodyHandlers.ofString()).body();
        assertThat(readiness).containsPattern("\"stale\"\\s*:\\s*false")
                .containsPattern("\"staleReadiness\"\\s*:\\s*\"not-ready\"").contains("configAgeSeconds");
        AgentClient agent = new AgentClient("http://127.0.0.1:" + lifecycle.gateway().port());
        HttpResponse<String> withoutKey = agent.post("/mock-mcp/mcp", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}");
        assertThat(withoutKey.statusCode()).isEqualTo(401);
        assertThat(AgentClient.message(withoutKey).at("/error/code").asInt()).isEqualTo(-32001);
        await().atMost(Duration.ofSeconds(10)).until(() -> analyticsEntries().size() == 1);
        AnalyticsRecord record = AnalyticsRecordJson.read((String) ((List<?>) ((List<?>) analyticsEntries().get(0))
                .get(1)).get(1));
        assertThat(record.status()).isEqualTo(401);
        assertThat(record.proxy()).isEqualTo("mock");
        assertThat(record.path()).isEqualTo("/mock-mcp/mcp");
        // Ids sort by time (version 7, the record's millisecond first): the control plane appends them to its index.
        UUID id = UUID.fromString(record.id());
        assertThat(id.version()).isEqualTo(7);
        assertThat(id.getMostSignificantBits() >>> 16)
                .isBetween(record.time().toEpochMilli() - 1_000, record.time().toEpochMilli() + 1_000);
    }

    /** The entries of the analytics stream the gateway appends to ({@code <prefix>analytics}). */
    private static List<?> analyticsEntries() throws Exception {
        try (RespClient redis = RespClient.connect(RedisEndpoint.parse(System.getProperty(REDIS_URL)),
                Duration.ofSeconds(2))) {
            return (List<?>) redis.command("XRANGE", System.getProperty(REDIS_PREFIX) + "analytics", "-", "+");
        }
    }

    @Test
    void servesPrometheusMetricsOnTheManagementPort() throws Exception {
        HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + managementPort + "/q/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body()).contains("# TYPE portcullis_config_snapshot_version gauge")
                .contains("portcullis_redis_fallback{gateway=")
                .contains("portcullis_config_age_seconds{gateway=")
                .contains("portcullis_config_stale{gateway=")
                .contains("portcullis_access_log_dropped_total")
                .doesNotContain("http_server_requests");
    }

    private int ready() throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + "/q/health/ready"))
                .build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
