package dev.portcullis.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.portcullis.gateway.config.ConfigStaleness;
import dev.portcullis.gateway.config.ConfigStaleness.StaleReadiness;
import dev.portcullis.gateway.health.ConfigReadinessCheck;
import dev.portcullis.gateway.GatewayGauges;
import dev.portcullis.gateway.support.AgentClient;
import dev.portcullis.gateway.support.LogLines;
import dev.portcullis.gateway.support.RunningGateway;
import dev.portcullis.gateway.support.SyncFixture;
import dev.portcullis.gateway.support.TestFeed;
import dev.portcullis.gateway.support.TestSnapshots;
import dev.portcullis.model.key.KeyEntry;
import dev.portcullis.model.snapshot.SignedSnapshot;
import io.micrometer.prometheus.PrometheusConfig;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A gateway whose configuration no control plane has confirmed for longer than {@code PORTCULLIS_CONFIG_STALE_AFTER}
 * (here 1 s) says so in its gauges, its log and its readiness, and keeps serving its last good snapshot.
 */
class StaleConfigIT {

    private static final String KEY = TestSnapshots.newToken();
    private static final Duration STALE_AFTER = Duration.ofSeconds(1);

    @TempDir
    Path dataDir;

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private SyncFixture sync;
    private Vertx vertx;
    private TestFeed feed;
    private RunningGateway gateway;
    private GatewayGauges gauges;
    private LogLines log;

    @BeforeEach
    void start() throws Exception {
        sync = SyncFixture.start();
        vertx = sync.vertx();
        feed = TestFeed.start(vertx);
        log = LogLines.of("dev.portcullis.gateway.sync");
    }

    @AfterEach
    void stop() throws Exception {
        log.close();
        if (gauges != null) {
            gauges.close();
        }
        if (gateway != null) {
            gateway.close();
        }
        feed.close();
        sync.close();
    }

    @Test
    void servesTheStaleSnapshotStaysReadyAndSaysItIsStale() throws Exception {
        feed.publish(v(1));
        startGateway(StaleReadiness.SERVE_STALE);
        await().atMost(Duration.ofSeconds(10)).until(() -> gateway.version() == 1 && feed.connectedStreams() == 1);
        await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(3)).until(() ->
                gauge("portcullis_config_age_seconds") == 0 && gauge("portcullis_config_stale") == 0);
        assertThat(readiness().getStatus()).isEqualTo(HealthCheckResponse.Status.UP);

        int port = feed.port();
        feed.close();

        await().atMost(Duration.ofSeconds(5)).until(() -> gauge("portcullis_config_stale") == 1);
        assertThat(gauge("portcullis_config_age_seconds")).isGreaterThanOrEqualTo(1.0);
        HealthCheckResponse stale = readiness();
        assertThat(stale.getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
        assertThat(stale.getData().orElseThrow()).containsEntry("stale", true)
                .containsEntry("staleReadiness", "serve-stale");
        await().atMost(Duration.ofSeconds(3)).until(() ->
                log.count(Level.WARNING, "configuration is stale") == 1);
        assertThat(agent().initialize("/mock-mcp/mcp", "Authorization", "Bearer " + KEY)).isNotBlank();

        feed = TestFeed.start(vertx, port);
        feed.publish(v(1));

        await().atMost(Duration.ofSeconds(5)).until(() -> gauge("portcullis_config_stale") == 0
                && gauge("portcullis_config_age_seconds") == 0);
        assertThat(readiness().getData().orElseThrow()).containsEntry("stale", false);
        await().atMost(Duration.ofSeconds(3)).until(() ->
                log.count(Level.INFO, "configuration version 1 confirmed current again") == 1);
        assertThat(log.count(Level.WARNING, "configuration is stale")).isEqualTo(1);
    }

    @Test
    void leavesTheLoadBalancerWhileStaleWhenTheOperatorChoseNotReady() throws Exception {
        feed.publish(v(1));
        startGateway(StaleReadiness.NOT_READY);
        await().atMost(Duration.ofSeconds(10)).until(() -> gateway.version() == 1 && feed.connectedStreams() == 1);
        assertThat(readiness().getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
        int port = feed.port();

        feed.close();

        await().atMost(Duration.ofSeconds(5)).until(() ->
                readiness().getStatus() == HealthCheckResponse.Status.DOWN);
        assertThat(readiness().getData().orElseThrow()).containsEntry("stale", true)
                .containsEntry("staleReadiness", "not-ready");
        assertThat(gauge("portcullis_config_stale")).isEqualTo(1.0);
        assertThat(agent().initialize("/mock-mcp/mcp", "Authorization", "Bearer " + KEY)).isNotBlank();

        feed = TestFeed.start(vertx, port);
        feed.publish(v(2));

        await().atMost(Duration.ofSeconds(5)).until(() ->
                readiness().getStatus() == HealthCheckResponse.Status.UP && gateway.version() == 2);
    }

    @Test
    void aSnapshotItRefusesStartsTheAgeEvenWithTheStreamOpen() throws Exception {
        feed.publish(v(1));
        startGateway(StaleReadiness.NOT_READY);
        await().atMost(Duration.ofSeconds(10)).until(() -> gateway.version() == 1 && feed.connectedStreams() == 1);

        feed.publish(new TestSnapshots().sign(2, sync.proxies(), List.of(key())));

        await().atMost(Duration.ofSeconds(5)).until(() ->
                readiness().getStatus() == HealthCheckResponse.Status.DOWN);
        assertThat(feed.connectedStreams()).isEqualTo(1);
        assertThat(gateway.version()).isEqualTo(1);
    }

    private void startGateway(StaleReadiness readiness) throws Exception {
        gateway = RunningGateway.start(vertx, RunningGateway.settings(feed.url(), sync.snapshots().publicKey(), dataDir)
                .withStaleness(new ConfigStaleness(STALE_AFTER, readiness)));
        gauges = GatewayGauges.bind(registry, vertx, gateway.gateway(), "gw-test");
    }

    private HealthCheckResponse readiness() {
        return ConfigReadinessCheck.of(gateway.gateway());
    }

    private double gauge(String series) {
        String prefix = series + "{gateway=\"gw-test\",} ";
        return registry.scrape().lines().filter(line -> line.startsWith(prefix))
                .mapToDouble(line -> Double.parseDouble(line.substring(prefix.length()))).findFirst().orElse(-1);
    }

    private AgentClient agent() {
        return new AgentClient(gateway.baseUrl());
    }

    private SignedSnapshot v(long version) {
        return sync.snapshot(version, key());
    }

    private static KeyEntry key() {
        return SyncFixture.key("a", KEY);
    }
}
