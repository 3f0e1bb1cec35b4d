package dev.portcullis.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portcullis.gateway.support.AgentClient;
import dev.portcullis.gateway.support.TestFeed;
import dev.portcullis.gateway.support.TestProxies;
import dev.portcullis.gateway.support.TestSnapshots;
import dev.portcullis.gateway.support.otlp.OtlpSpans;
import dev.portcullis.mock.MockMcpServer;
import dev.portcullis.model.snapshot.Ed25519Keys;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vertx.core.Vertx;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Tracing on ({@code portcullis.otel.enabled=true}) through the Quarkus wiring: the gateway exports one SERVER span
 * per agent request over OTLP/HTTP to a receiver run by the test, and the upstream (the mock's
 * {@code get_anything}, which echoes the headers it got) sees the span's {@code traceparent}. The profile runs in
 * another class loader than the test: they share system properties only.
 */
@QuarkusTest
@TestProfile(TracingIT.TracingOn.class)
class TracingIT extends OtelReceiverTestBase {

    static final String KEY = "tracing-it.key";
    static final String OTLP_PORT = "tracing-it.otlp-port";
    private static final String TRACE_ID = "0af7651916cd43dd8448eb211c80319c";
    private static final String AGENT_SPAN_ID = "b7ad6b7169203331";

    public static final class TracingOn implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            startOnce();
            Map<String, String> overrides = new HashMap<>(Map.of(
                    "portcullis.bind-host", "127.0.0.1",
                    "portcullis.gateway.port", "0",
                    "portcullis.gateway.id", "gw-tracing",
                    "portcullis.gateway.token", TestFeed.TOKEN,
                    "portcullis.control-plane-url", System.getProperty("tracing-it.feed-url"),
                    "portcullis.feed.public-key", System.getProperty("tracing-it.public-key"),
                    "portcullis.data-dir", System.getProperty("tracing-it.data-dir"),
                    "portcullis.otel.enabled", "true",
                    "portcullis.otel.endpoint", "http://127.0.0.1:" + System.getProperty(OTLP_PORT),
                    "quarkus.otel.bsp.schedule.delay", "50ms"));
            overrides.put("quarkus.otel.metric.export.interval", "500ms");
            return overrides;
        }

        /** Quarkus may ask for the overrides more than once: one feed, one mock, one port. */
        private static synchronized void startOnce() {
            if (System.getProperty(OTLP_PORT) != null) {
                return;
            }
            try (ServerSocket socket = new ServerSocket(0)) {
                MockMcpServer mock = MockMcpServer.start("127.0.0.1", 0);
                TestFeed feed = TestFeed.start(Vertx.vertx());
                TestSnapshots snapshots = new TestSnapshots();
                String key = TestSnapshots.newToken();
                feed.publish(snapshots.sign(1, List.of(TestProxies.definition("mock", "/mock-mcp/",
                        "http://127.0.0.1:" + mock.port())), List.of(TestSnapshots.key("k1", key, null, "mock"))));
                System.setProperty(KEY, key);
                System.setProperty("tracing-it.public-key", Ed25519Keys.publicToBase64(snapshots.publicKey()));
                System.setProperty("tracing-it.data-dir", Files.createTempDirectory("tracing-it").toString());
                System.setProperty("tracing-it.feed-url", feed.url());
                System.setProperty(OTLP_PORT, Integer.toString(socket.getLocalPort()));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    @Test
    void continuesTheAgentsTraceparentHeaderAndExportsTheSpan() throws Exception {
        AgentClient agent = agent();
        String session = agent.initialize("/mock-mcp/mcp", "Authorization", "Bearer " + System.getProperty(KEY));

        HttpResponse<String> call = agent.post("/mock-mcp/mcp", """
                {"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":"get_anything","arguments":{}}}""",
                "Authorization", "Bearer " + System.getProperty(KEY), "Mcp-Session-Id", session,
                "traceparent", "00-" + TRACE_ID + "-" + AGENT_SPAN_ID + "-01", "tracestate", "vendor=agent");

        JsonNode upstream = AgentClient.message(call).at("/result/structuredContent/headers");
        String spanId = assertContinues(upstream.path("traceparent").asText(), TRACE_ID, AGENT_SPAN_ID);
        assertThat(upstream.path("tracestate").asText()).isEqualTo("vendor=agent");
        OtlpSpans.Span span = exported(spanId);
        assertThat(span.traceId()).isEqualTo(TRACE_ID);
        assertThat(span.parentSpanId()).isEqualTo(AGENT_SPAN_ID);
        assertThat(span.name()).isEqualTo("tools/call get_anything");
        assertThat(span.kind()).isEqualTo(2);
        assertThat(span.statusCode()).isZero();
        assertThat(span.attributes()).containsEntry("mcp.method.name", "tools/call")
                .containsEntry("mcp.tool.name", "get_anything")
                .containsEntry("portcullis.proxy", "mock")
                .containsEntry("portcullis.gateway", "gw-tracing")
                .containsEntry("portcullis.consumer.alias", "k1-alias")
                .containsEntry("portcullis.consumer.id", "k1")
                .containsEntry("http.response.status_code", 200L);
        assertThat(span.resource()).containsEntry("service.name", "portcullis-gateway");
        assertThat(receiver.paths()).contains("/v1/traces").allMatch(path -> path.equals("/v1/traces")
                || path.equals("/v1/metrics"), "spans to /v1/traces, the MCP metrics (OtelMetricsIT) to /v1/metrics");
        assertThat(receiver.spans()).filteredOn(exported -> exported.traceId().equals(TRACE_ID))
                .as("one span per agent request: no Vert.x HTTP server or client span besides it").hasSize(1);
    }

    @Test
    void continuesTheTraceparentOfParamsMetaWithoutAHeader() throws Exception {
        AgentClient agent = agent();
        String session = agent.initialize("/mock-mcp/mcp", "Authorization", "Bearer " + System.getProperty(KEY));
        String traceId = "11112222333344445555666677778888";
        String metaSpanId = "1234567890abcdef";

        HttpResponse<String> call = agent.post("/mock-mcp/mcp", """
                {"jsonrpc":"2.0","id":8,"method":"tools/call","params":{"name":"get_anything","arguments":{},
                 "_meta":{"traceparent":"00-%s-%s-01"}}}""".formatted(traceId, metaSpanId),
                "Authorization", "Bearer " + System.getProperty(KEY), "Mcp-Session-Id", session);

        JsonNode upstream = AgentClient.message(call).at("/result/structuredContent/headers");
        String spanId = assertContinues(upstream.path("traceparent").asText(), traceId, metaSpanId);
        OtlpSpans.Span span = exported(spanId);
        assertThat(span.traceId()).isEqualTo(traceId);
        assertThat(span.parentSpanId()).isEqualTo(metaSpanId);
        assertThat(span.attributes()).containsEntry("mcp.tool.name", "get_anything");
    }

    @Test
    void marksGatewayErrorsOnTheSpan() throws Exception {
        String traceId = "99998888777766665555444433332222";

        HttpResponse<String> refused = agent().post("/mock-mcp/mcp", """
                {"jsonrpc":"2.0","id":9,"method":"tools/call","params":{"name":"get_anything","arguments":{}}}""",
                "traceparent", "00-" + traceId + "-" + AGENT_SPAN_ID + "-01");

        assertThat(refused.statusCode()).isEqualTo(401);
        await().atMost(Duration.ofSeconds(20)).until(() -> receiver.spans().stream()
                .anyMatch(span -> span.traceId().equals(traceId)));
        OtlpSpans.Span span = receiver.spans().stream().filter(s -> s.traceId().equals(traceId)).findFirst()
                .orElseThrow();
        assertThat(span.statusCode()).isEqualTo(2);
        assertThat(span.attributes()).containsEntry("http.response.status_code", 401L)
                .containsEntry("error.type", "missing_credential")
                .doesNotContainKey("portcullis.consumer.id");
    }


    /** Checks the upstream's traceparent continues {@code traceId} under a new span; returns that span's id. */
    private static String assertContinues(String upstreamTraceparent, String traceId, String agentSpanId) {
        assertThat(upstreamTraceparent).hasSize(55).startsWith("00-" + traceId + "-").endsWith("-01");
        String spanId = upstreamTraceparent.substring(36, 52);
        assertThat(spanId).isNotEqualTo(agentSpanId);
        return spanId;
    }

    private static OtlpSpans.Span exported(String spanId) {
        await().atMost(Duration.ofSeconds(20)).until(() -> receiver.spans().stream()
                .anyMatch(span -> span.spanId().equals(spanId)));
        return receiver.spans().stream().filter(span -> span.spanId().equals(spanId)).findFirst().orElseThrow();
    }
}
