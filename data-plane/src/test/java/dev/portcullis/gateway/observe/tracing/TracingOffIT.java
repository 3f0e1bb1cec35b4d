package dev.portcullis.gateway.observe.tracing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portcullis.gateway.observe.CompletedRequest;
import dev.portcullis.gateway.observe.RequestObservation;
import dev.portcullis.gateway.observe.RequestObserver;
import dev.portcullis.gateway.observe.RequestObservers;
import dev.portcullis.gateway.support.AgentClient;
import dev.portcullis.gateway.support.RunningGateway;
import dev.portcullis.gateway.support.Teardown;
import dev.portcullis.gateway.support.TestFeed;
import dev.portcullis.gateway.support.TestProxies;
import dev.portcullis.gateway.support.TestSnapshots;
import dev.portcullis.mock.MockMcpServer;
import dev.portcullis.model.analytics.AnalyticsRecord;
import io.vertx.core.Vertx;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tracing off ({@link AgentTraceIdObserver}, as GatewayLifecycle wires it by default): the agent's trace context
 * reaches the upstream untouched and the request's record still carries the agent's trace id.
 */
class TracingOffIT {

    private static final String TOOL_CALL = """
            {"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"get_anything","arguments":{}%s}}""";

    @TempDir
    static Path dataDir;

    private static final List<AnalyticsRecord> records = new CopyOnWriteArrayList<>();
    private static Vertx vertx;
    private static MockMcpServer mock;
    private static TestFeed feed;
    private static RunningGateway gateway;
    private static AgentClient agent;
    private static String session;

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        mock = MockMcpServer.start("127.0.0.1", 0);
        feed = TestFeed.start(vertx);
        TestSnapshots snapshots = new TestSnapshots();
        feed.publish(snapshots.sign(1, List.of(TestProxies.definition("open", "/open/",
                "http://127.0.0.1:" + mock.port(), "\"authentication\":{\"enabled\":false},")), List.of()));
        RequestObserver recorder = (observation, request) -> records.add(request.record());
        gateway = RunningGateway.start(vertx, feed.url(), snapshots.publicKey(), dataDir,
                new RequestObservers(List.of(new AgentTraceIdObserver(), recorder)));
        await().atMost(Duration.ofSeconds(10)).until(() -> gateway.version() == 1);
        agent = new AgentClient(gateway.baseUrl());
        session = agent.initialize("/open/mcp");
    }

    @AfterAll
    static void stop() throws Exception {
        Teardown.closeAll(vertx, gateway, feed, mock);
    }

    @Test
    void passesTheAgentsTraceContextHeadersUpstreamUnchanged() throws Exception {
        String traceparent = "00-aaaabbbbccccddddeeeeffff00001111-0123456789abcdef-01";

        HttpResponse<String> call = agent.post("/open/mcp", TOOL_CALL.formatted(""), "Mcp-Session-Id", session,
                "traceparent", traceparent, "tracestate", "vendor=agent");

        JsonNode upstream = AgentClient.message(call).at("/result/structuredContent/headers");
        assertThat(upstream.path("traceparent").asText()).isEqualTo(traceparent);
        assertThat(upstream.path("tracestate").asText()).isEqualTo("vendor=agent");
        assertThat(recordOfTrace("aaaabbbbccccddddeeeeffff00001111").mcpPrimitiveName()).isEqualTo("get_anything");
    }

    @Test
    void recordsTheTraceIdOfParamsMetaWithoutAddingAHeader() throws Exception {
        HttpResponse<String> call = agent.post("/open/mcp", TOOL_CALL.formatted(
                ",\"_meta\":{\"traceparent\":\"00-22223333444455556666777788889999-0123456789abcdef-01\"}"),
                "Mcp-Session-Id", session);

        JsonNode upstream = AgentClient.message(call).at("/result/structuredContent/headers");
        assertThat(upstream.has("traceparent")).isFalse();
        assertThat(recordOfTrace("22223333444455556666777788889999").status()).isEqualTo(200);
    }

    @Test
    void recordsNoTraceIdWithoutATraceContext() throws Exception {
        HttpResponse<String> call = agent.post("/open/mcp", """
                {"jsonrpc":"2.0","id":5,"method":"tools/list"}""", "Mcp-Session-Id", session);

        assertThat(call.statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> records.stream()
                .anyMatch(record -> "tools/list".equals(record.mcpMethod())));
        assertThat(records).filteredOn(record -> "tools/list".equals(record.mcpMethod()))
                .allSatisfy(record -> assertThat(record.traceId()).isNull());
    }

    private static AnalyticsRecord recordOfTrace(String traceId) {
        await().atMost(Duration.ofSeconds(10)).until(() -> records.stream()
                .anyMatch(record -> traceId.equals(record.traceId())));
        return records.stream().filter(record -> traceId.equals(record.traceId())).findFirst().orElseThrow();
    }
}
