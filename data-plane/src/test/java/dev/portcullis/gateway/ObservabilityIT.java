package dev.portcullis.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portcullis.gateway.config.GatewaySettings;
import dev.portcullis.gateway.observe.KnownPrimitives;
import dev.portcullis.gateway.observe.RequestObservers;
import dev.portcullis.gateway.observe.accesslog.AccessLogDestination;
import dev.portcullis.gateway.observe.accesslog.AccessLogObserver;
import dev.portcullis.gateway.observe.accesslog.AccessLogWriter;
import dev.portcullis.gateway.GatewayGauges;
import dev.portcullis.gateway.observe.metrics.MetricNames;
import dev.portcullis.gateway.observe.metrics.MetricsObserver;
import dev.portcullis.gateway.support.AgentClient;
import dev.portcullis.gateway.support.RunningGateway;
import dev.portcullis.gateway.support.TestFeed;
import dev.portcullis.gateway.support.TestProxies;
import dev.portcullis.gateway.support.TestSnapshots;
import dev.portcullis.launcher.services.TestRedis;
import dev.portcullis.launcher.services.TestRedisEndpoint;
import dev.portcullis.mock.MockMcpServer;
import dev.portcullis.model.json.Json;
import dev.portcullis.model.key.KeyEntry;
import dev.portcullis.model.key.KeyTokens;
import dev.portcullis.model.proxy.ProxyDefinition;
import io.micrometer.prometheus.PrometheusConfig;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The access log and the metrics of a real gateway (the same observers and gauges {@code GatewayLifecycle} wires)
 * in front of the mock MCP server, with rate limits counted in a real Redis. The scrape is what {@code /q/metrics}
 * serves ({@link GatewayAppIT} checks that the management port serves it).
 */
class ObservabilityIT {

    @TempDir
    Path dir;

    final TestSnapshots snapshots = new TestSnapshots();
    final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    final KnownPrimitives known = new KnownPrimitives();
    final String token = KeyTokens.generate();
    Vertx vertx;
    MockMcpServer mock;
    TestRedisEndpoint redis;
    TestFeed feed;
    AccessLogWriter accessLog;
    RunningGateway gateway;
    GatewayGauges gauges;
    Path accessLogFile;

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        mock = MockMcpServer.start("127.0.0.1", 0);
        redis = TestRedis.create();
        feed = TestFeed.start(vertx);
        accessLogFile = dir.resolve("access.log");
        accessLog = AccessLogDestination.parse(accessLogFile.toString()).open();
    }

    @AfterEach
    void stop() throws Exception {
        if (gauges != null) {
            gauges.close();
        }
        if (gateway != null) {
            gateway.close();
        }
        accessLog.close();
        feed.close();
        redis.close();
        mock.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    void startGateway(String proxyFields) throws Exception {
        ProxyDefinition proxy = TestProxies.definition("mock", "/mock/", mock.baseUrl(), proxyFields);
        feed.publish(snapshots.sign(1, List.of(proxy), List.of(
                new KeyEntry("k1", "alice", KeyTokens.hash(token), null, List.of("mock"), List.of()))));
        RequestObservers observers = new RequestObservers(List.of(new MetricsObserver(registry, known),
                new AccessLogObserver(accessLog, registry)));
        gateway = RunningGateway.start(vertx, feed.url(), snapshots.publicKey(), Files.createDirectory(dir.resolve("gw")),
                new GatewaySettings.CounterStore(redis.url(), redis.keyPrefix(), Duration.ofMillis(500),
                        GatewaySettings.OnRedisFailure.LOCAL), observers, known);
        await().atMost(Duration.ofSeconds(10)).until(() -> gateway.version() == 1);
        gauges = GatewayGauges.bind(registry, vertx, gateway.gateway(), "gw-test");
    }

    HttpResponse<String> call(AgentClient agent, String session, String tool) throws Exception {
        return agent.post("/mock/mcp", """
                {"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":"%s","arguments":{}}}"""
                .formatted(tool), "Authorization", "Bearer " + token, "Mcp-Session-Id", session);
    }

    List<JsonNode> accessLogLines() throws Exception {
        List<JsonNode> lines = new ArrayList<>();
        if (Files.exists(accessLogFile)) {
            for (String line : Files.readAllLines(accessLogFile)) {
                lines.add(Json.mapper().readTree(line));
            }
        }
        return lines;
    }

    @Test
    void logsAndCountsAllowedDeniedAndRateLimitedCallsWithBoundedLabels() throws Exception {
        startGateway("""
                "operations":{"tools/call":{"rateLimit":{"rate":2,"per":60}}},
                "tools":{"get_anything":{"block":true},
                         "generate_uuid":{"circuitBreaker":{"threshold":0.5,"sampleSize":10,"coolDownSeconds":30}}},""");
        AgentClient agent = new AgentClient(gateway.baseUrl());
        String session = agent.initialize("/mock/mcp", "Authorization", "Bearer " + token);
        agent.post("/mock/mcp", "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}",
                "Authorization", "Bearer " + token, "Mcp-Session-Id", session);

        assertThat(call(agent, session, "generate_uuid").statusCode()).isEqualTo(200);
        assertThat(call(agent, session, "get_anything").statusCode()).isEqualTo(403);
        assertThat(call(agent, session, "slow_response").statusCode()).isEqualTo(200);
        HttpResponse<String> limited = call(agent, session, "generate_uuid");
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(agent.post("/mock/mcp", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}").statusCode())
                .isEqualTo(401);

        await().atMost(Duration.ofSeconds(10)).until(() -> accessLogLines().size() >= 8);
        List<JsonNode> lines = accessLogLines();
        JsonNode allowed = lines.stream().filter(line -> line.path("status").asInt() == 200
                && "generate_uuid".equals(line.path("mcp_primitive_name").asText())).findFirst().orElseThrow();
        assertThat(allowed.path("proxy").asText()).isEqualTo("mock");
        assertThat(allowed.path("key_id").asText()).isEqualTo("k1");
        assertThat(allowed.path("alias").asText()).isEqualTo("alice");
        assertThat(allowed.path("consumer_type").asText()).isEqualTo("key");
        assertThat(allowed.path("mcp_method").asText()).isEqualTo("tools/call");
        assertThat(allowed.path("upstream_latency_ms").isNumber()).isTrue();
        assertThat(allowed.path("session_id_hash").asText()).hasSize(16);
        assertThat(allowed.has("mcp_error_code")).isFalse();
        JsonNode refused = lines.stream().filter(line -> line.path("status").asInt() == 429).findFirst().orElseThrow();
        assertThat(refused.path("mcp_error_code").asInt()).isEqualTo(-32003);
        assertThat(refused.path("error_reason").asText()).isEqualTo("rate_limited");
        assertThat(refused.has("upstream_latency_ms")).isFalse();
        assertThat(Files.readString(accessLogFile)).doesNotContain(token);

        await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                assertThat(registry.scrape()).contains("portcullis_circuit_state{proxy=\"mock\",target=\"tool:generate_uuid\",} 0.0"));
        String scrape = registry.scrape();
        assertThat(scrape)
                .contains("portcullis_mcp_requests_total{error_code=\"\",method=\"tools/call\",primitive=\"generate_uuid\","
                        + "primitive_type=\"tool\",proxy=\"mock\",status=\"200\",} 1.0")
                .contains("portcullis_mcp_requests_total{error_code=\"\",method=\"tools/call\",primitive=\"slow_response\","
                        + "primitive_type=\"tool\",proxy=\"mock\",status=\"200\",} 1.0")
                .contains("portcullis_mcp_requests_total{error_code=\"-32002\",method=\"tools/call\",primitive=\"get_anything\","
                        + "primitive_type=\"tool\",proxy=\"mock\",status=\"403\",} 1.0")
                .contains("portcullis_mcp_requests_total{error_code=\"-32003\",method=\"tools/call\",primitive=\"generate_uuid\","
                        + "primitive_type=\"tool\",proxy=\"mock\",status=\"429\",} 1.0")
                .contains("portcullis_mcp_requests_total{error_code=\"-32001\",method=\"ping\",primitive=\"\","
                        + "primitive_type=\"\",proxy=\"mock\",status=\"401\",} 1.0")
                .contains("portcullis_mcp_method_total{method=\"tools/call\",proxy=\"mock\",} 4.0")
                .contains("portcullis_ratelimit_refusals_total{limit=\"rate\",proxy=\"mock\",} 1.0")
                .contains("portcullis_mcp_upstream_duration_seconds_count{primitive=\"generate_uuid\",proxy=\"mock\","
                        + "target=\"" + mock.baseUrl() + "/\",} 1.0")
                .contains("portcullis_config_snapshot_version{gateway=\"gw-test\",} 1.0")
                .contains("portcullis_redis_fallback{gateway=\"gw-test\",} 0.0")
                .contains("portcullis_redis_fallback_total{gateway=\"gw-test\",} 0.0")
                .contains("portcullis_access_log_dropped_total 0.0");
        for (String series : MetricNames.PROMETHEUS_SERIES) {
            assertThat(scrape.contains("\n" + series + "{") || scrape.contains("\n" + series + " "))
                    .as("exported series %s", series).isTrue();
        }
    }

    @Test
    void tenThousandCallsOfInventedToolsLeaveABoundedNumberOfLabelSets() throws Exception {
        startGateway("");
        AgentClient agent = new AgentClient(gateway.baseUrl());
        String session = agent.initialize("/mock/mcp", "Authorization", "Bearer " + token);

        for (int i = 0; i < 10_000; i++) {
            call(agent, session, "tool_" + UUID.randomUUID());
        }
        agent.post("/mock/mcp", "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}",
                "Authorization", "Bearer " + token, "Mcp-Session-Id", session);
        call(agent, session, "generate_uuid");

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(registry.find(MetricNames.REQUESTS)
                .counters().stream().mapToDouble(counter -> counter.count()).sum()).isEqualTo(10_004));
        List<String> labelSets = registry.scrape().lines()
                .filter(line -> line.startsWith("portcullis_mcp_requests_total{")).toList();
        assertThat(labelSets).hasSize(5).anyMatch(line -> line.contains("primitive=\"other\"") && line.endsWith(" 10000.0"))
                .anyMatch(line -> line.contains("method=\"notifications/initialized\""))
                .anyMatch(line -> line.contains("primitive=\"generate_uuid\""));
    }
}
