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
import dev.portcullis.gateway.observe.analytics.AnalyticsSettings;
import dev.portcullis.gateway.observe.analytics.AnalyticsWriter;
import dev.portcullis.gateway.observe.metrics.MetricsObserver;
import dev.portcullis.gateway.support.AgentClient;
import dev.portcullis.gateway.support.RunningGateway;
import dev.portcullis.gateway.support.TestFeed;
import dev.portcullis.gateway.support.TestProxies;
import dev.portcullis.gateway.support.TestSnapshots;
import dev.portcullis.launcher.services.RespClient;
import dev.portcullis.launcher.services.TestRedis;
import dev.portcullis.launcher.services.TestRedisEndpoint;
import dev.portcullis.model.json.Json;
import io.micrometer.prometheus.PrometheusConfig;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A client that sends a method or primitive name far beyond its bound: refused at routing, before authentication
 * and before the upstream, and recorded (analytics stream, access log, metrics) with the name cut and flagged.
 */
class ClientStringBoundsIT {

    private static final String LONG_NAME = "x".repeat(20_000);

    @TempDir
    Path dir;

    final TestSnapshots snapshots = new TestSnapshots();
    final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    final AtomicInteger upstreamRequests = new AtomicInteger();
    Vertx vertx;
    HttpServer upstream;
    TestRedisEndpoint redis;
    TestFeed feed;
    AccessLogWriter accessLog;
    AnalyticsWriter analytics;
    RunningGateway gateway;
    AgentClient agent;
    Path accessLogFile;

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        upstream = vertx.createHttpServer().requestHandler(request -> request.body().onSuccess(body -> {
            upstreamRequests.incrementAndGet();
            request.response().putHeader("Content-Type", "application/json")
                    .end("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"content\":[]}}");
        })).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        redis = TestRedis.create();
        feed = TestFeed.start(vertx);
        accessLogFile = dir.resolve("access.log");
        accessLog = AccessLogDestination.parse(accessLogFile.toString()).open();
        String upstreamUrl = "http://127.0.0.1:" + upstream.actualPort() + "/mcp";
        feed.publish(snapshots.sign(1, List.of(
                TestProxies.definition("open", "/open/", upstreamUrl, "\"authentication\":{\"enabled\":false},"),
                TestProxies.definition("keyed", "/keyed/", upstreamUrl)), List.of()));
        GatewaySettings.CounterStore counters = new GatewaySettings.CounterStore(redis.url(), redis.keyPrefix(),
                Duration.ofMillis(500), GatewaySettings.OnRedisFailure.LOCAL);
        analytics = new AnalyticsWriter(vertx, counters, AnalyticsSettings.DEFAULT);
        KnownPrimitives known = new KnownPrimitives();
        RequestObservers observers = new RequestObservers(List.of(analytics, new MetricsObserver(registry, known),
                new AccessLogObserver(accessLog, registry)));
        gateway = RunningGateway.start(vertx, feed.url(), snapshots.publicKey(),
                Files.createDirectory(dir.resolve("gw")), counters, observers, known);
        await().atMost(Duration.ofSeconds(10)).until(() -> gateway.version() == 1);
        agent = new AgentClient(gateway.baseUrl());
    }

    @AfterEach
    void stop() throws Exception {
        gateway.close();
        analytics.close();
        accessLog.close();
        feed.close();
        redis.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void refusesA20kToolNameBeforeAuthenticationAndRecordsItCutWithAFlag() throws Exception {
        String call = """
                {"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"%s"}}""".formatted(LONG_NAME);

        HttpResponse<String> unauthenticated = agent.post("/keyed/mcp", call);
        HttpResponse<String> open = agent.post("/open/mcp", call);
        HttpResponse<String> fine = agent.post("/open/mcp", """
                {"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"fine"}}""");

        for (HttpResponse<String> refused : List.of(unauthenticated, open)) {
            assertThat(refused.statusCode()).isEqualTo(400);
            JsonNode error = AgentClient.message(refused).path("error");
            assertThat(error.path("code").asInt()).isEqualTo(-32602);
            assertThat(error.path("data").path("reason").asText()).isEqualTo("name_too_long");
            assertThat(error.path("message").asText()).isEqualTo("tools/call params.name is longer than 256 characters");
            assertThat(refused.body()).hasSizeLessThan(400);
        }
        assertThat(fine.statusCode()).isEqualTo(200);
        assertThat(upstreamRequests).as("only the fine call went upstream").hasValue(1);

        await().atMost(Duration.ofSeconds(10)).until(() -> accessLogLines().size() == 3);
        List<JsonNode> refusedLines = accessLogLines().stream().filter(line -> line.path("status").asInt() == 400)
                .toList();
        assertThat(refusedLines).hasSize(2).allSatisfy(line -> {
            assertThat(line.path("mcp_primitive_name").asText()).isEqualTo("x".repeat(256));
            assertThat(line.path("truncated").asBoolean()).isTrue();
            assertThat(line.path("error_reason").asText()).isEqualTo("name_too_long");
        });
        assertThat(accessLogLines()).filteredOn(line -> line.path("status").asInt() == 200).singleElement()
                .satisfies(line -> assertThat(line.has("truncated")).isFalse());
        assertThat(Files.size(accessLogFile)).isLessThan(4_000);

        await().atMost(Duration.ofSeconds(10)).until(() -> streamRecords().size() == 3);
        List<JsonNode> refusedRecords = streamRecords().stream().filter(record -> record.path("status").asInt() == 400)
                .toList();
        assertThat(refusedRecords).hasSize(2).allSatisfy(record -> {
            assertThat(record.path("mcpPrimitiveName").asText()).hasSize(256);
            assertThat(record.path("mcpMethod").asText()).isEqualTo("tools/call");
            assertThat(record.path("mcpErrorCode").asInt()).isEqualTo(-32602);
            assertThat(record.path("truncated").asBoolean()).isTrue();
        });
        assertThat(registry.scrape()).contains("portcullis_mcp_requests_total{error_code=\"-32602\","
                + "method=\"tools/call\",primitive=\"other\",primitive_type=\"tool\",proxy=\"keyed\",status=\"400\",} 1.0");
    }

    @Test
    void refusesAnOverLongMethodAndRecordsItCutWithAFlag() throws Exception {
        HttpResponse<String> refused = agent.post("/open/mcp", """
                {"jsonrpc":"2.0","id":1,"method":"%s"}""".formatted(LONG_NAME));

        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(AgentClient.message(refused).at("/error/data/reason").asText()).isEqualTo("method_too_long");
        assertThat(upstreamRequests).hasValue(0);
        await().atMost(Duration.ofSeconds(10)).until(() -> streamRecords().size() == 1);
        JsonNode record = streamRecords().get(0);
        assertThat(record.path("mcpMethod").asText()).isEqualTo("x".repeat(256));
        assertThat(record.path("truncated").asBoolean()).isTrue();
        assertThat(registry.scrape()).contains("portcullis_mcp_method_total{method=\"other\",proxy=\"open\",} 1.0");
    }

    @Test
    void recordsAnOverLongPathCutWithAFlag() throws Exception {
        HttpResponse<String> response = agent.post("/open/" + "p".repeat(3_000), """
                {"jsonrpc":"2.0","id":1,"method":"ping"}""");

        assertThat(response.statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> streamRecords().size() == 1);
        JsonNode record = streamRecords().get(0);
        assertThat(record.path("path").asText()).hasSize(2_048).startsWith("/open/ppp");
        assertThat(record.path("truncated").asBoolean()).isTrue();
    }

    private List<JsonNode> accessLogLines() throws Exception {
        List<JsonNode> lines = new ArrayList<>();
        if (Files.exists(accessLogFile)) {
            for (String line : Files.readAllLines(accessLogFile)) {
                lines.add(Json.mapper().readTree(line));
            }
        }
        return lines;
    }

    private List<JsonNode> streamRecords() throws Exception {
        List<JsonNode> records = new ArrayList<>();
        try (RespClient client = RespClient.connect(redis.endpoint(), Duration.ofSeconds(2))) {
            for (Object entry : (List<?>) client.command("XRANGE", redis.keyPrefix() + "analytics", "-", "+")) {
                List<?> fields = (List<?>) ((List<?>) entry).get(1);
                records.add(Json.mapper().readTree((String) fields.get(1)));
            }
        }
        return records;
    }
}
