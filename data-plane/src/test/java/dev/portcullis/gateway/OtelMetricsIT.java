package dev.portcullis.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.portcullis.gateway.support.AgentClient;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * OpenTelemetry on ({@code portcullis.otel.enabled=true}, the profile of {@link TracingIT}): the gateway exports its
 * MCP metrics over OTLP/HTTP to a receiver run by the test, under the names and attributes of OpenTelemetry's
 * semantic conventions for MCP. The receiver decodes each {@code ExportMetricsServiceRequest} with
 * opentelemetry-proto's classes.
 */
@QuarkusTest
@TestProfile(TracingIT.TracingOn.class)
class OtelMetricsIT extends OtelReceiverTestBase {

    private static final String MCP = "/mock-mcp/mcp";
    private static final String REVISION = "2025-11-25";

    /** One exported histogram point: its metric's name and unit, its attributes and count. */
    private record Point(String metric, String unit, Map<String, String> attributes, long count,
                         Map<String, String> resource) {
    }

    @Test
    void exportsTheServerAndClientDurationOfAToolCallWithTheMcpAttributes() throws Exception {
        AgentClient agent = agent();
        String session = sessionThatListedTheTools(agent);

        HttpResponse<String> call = agent.post(MCP, """
                {"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"get_anything","arguments":{}}}""",
                "Authorization", bearer(), "Mcp-Session-Id", session, "MCP-Protocol-Version", REVISION);

        assertThat(call.statusCode()).isEqualTo(200);
        Point server = exported("mcp.server.operation.duration",
                Map.of("mcp.method.name", "tools/call", "gen_ai.tool.name", "get_anything"));
        assertThat(server.unit()).isEqualTo("s");
        assertThat(server.count()).isGreaterThanOrEqualTo(1);
        assertThat(server.attributes()).containsEntry("gen_ai.operation.name", "execute_tool")
                .containsEntry("mcp.protocol.version", REVISION)
                .containsEntry("network.transport", "tcp")
                .containsEntry("network.protocol.name", "http")
                .containsEntry("portcullis.proxy", "mock")
                .doesNotContainKeys("error.type", "rpc.response.status_code");
        assertThat(server.resource()).containsEntry("service.name", "portcullis-gateway");
        Point client = exported("mcp.client.operation.duration",
                Map.of("mcp.method.name", "tools/call", "gen_ai.tool.name", "get_anything"));
        assertThat(client.unit()).isEqualTo("s");
        assertThat(client.attributes()).doesNotContainKey("error.type");
        assertThat(receiver.paths()).contains("/v1/metrics");
    }

    @Test
    void marksGatewayErrorsAndToolErrorsWithErrorType() throws Exception {
        AgentClient agent = agent();
        String session = sessionThatListedTheTools(agent);

        HttpResponse<String> refused = agent.post(MCP, """
                {"jsonrpc":"2.0","id":4,"method":"prompts/list","params":{}}""");
        HttpResponse<String> failed = agent.post(MCP, """
                {"jsonrpc":"2.0","id":5,"method":"tools/call","params":{"name":"delete_user","arguments":{}}}""",
                "Authorization", bearer(), "Mcp-Session-Id", session);

        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(AgentClient.message(failed).at("/result/isError").asBoolean()).isTrue();
        Point gatewayError = exported(
                "mcp.server.operation.duration", Map.of("mcp.method.name", "prompts/list"));
        assertThat(gatewayError.attributes()).containsEntry("error.type", "missing_credential")
                .containsKey("rpc.response.status_code");
        Point toolError = exported(
                "mcp.server.operation.duration", Map.of("gen_ai.tool.name", "delete_user"));
        assertThat(toolError.attributes()).containsEntry("error.type", "tool_error")
                .doesNotContainKey("rpc.response.status_code");
    }

    /**
     * Initializes a session and lists the tools in it, so the gateway knows the mock's tool names (unlisted names
     * are {@code other}).
     */
    private static String sessionThatListedTheTools(AgentClient agent) throws Exception {
        String session = agent.initialize(MCP, "Authorization", bearer());
        agent.post(MCP, """
                {"jsonrpc":"2.0","id":2,"method":"tools/list","params":{}}""",
                "Authorization", bearer(), "Mcp-Session-Id", session, "MCP-Protocol-Version", REVISION);
        return session;
    }

    /** The profile's key, set by the profile before the gateway starts. */
    private static String bearer() {
        return "Bearer " + System.getProperty(TracingIT.KEY);
    }

    /** Waits for {@link #point}; fails naming what the receiver did get. */
    private static Point exported(String metric, Map<String, String> attributes) {
        try {
            return await().atMost(Duration.ofSeconds(20)).until(() -> point(metric, attributes), Optional::isPresent)
                    .orElseThrow();
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError(metric + " " + attributes + " not exported; received " + receiver.paths() + " "
                    + names(), e);
        }
    }

    /** The metric names received so far, for failure messages. */
    private static List<String> names() {
        return receiver.metrics().stream().flatMap(request -> request.getResourceMetricsList().stream())
                .flatMap(resource -> resource.getScopeMetricsList().stream())
                .flatMap(scope -> scope.getMetricsList().stream()).map(Metric::getName).distinct().toList();
    }


    /** The latest exported point of {@code metric} whose attributes include {@code attributes}. */
    private static Optional<Point> point(String metric, Map<String, String> attributes) {
        List<ExportMetricsServiceRequest> requests = receiver.metrics();
        for (int i = requests.size() - 1; i >= 0; i--) {
            for (ResourceMetrics resource : requests.get(i).getResourceMetricsList()) {
                Map<String, String> resourceAttributes = strings(resource.getResource().getAttributesList());
                for (ScopeMetrics scope : resource.getScopeMetricsList()) {
                    for (Metric exported : scope.getMetricsList()) {
                        if (!exported.getName().equals(metric) || !exported.hasHistogram()) {
                            continue;
                        }
                        for (HistogramDataPoint point : exported.getHistogram().getDataPointsList()) {
                            Map<String, String> pointAttributes = strings(point.getAttributesList());
                            if (pointAttributes.entrySet().containsAll(attributes.entrySet())) {
                                return Optional.of(new Point(metric, exported.getUnit(), pointAttributes,
                                        point.getCount(), resourceAttributes));
                            }
                        }
                    }
                }
            }
        }
        return Optional.empty();
    }

    private static Map<String, String> strings(List<KeyValue> attributes) {
        Map<String, String> strings = new LinkedHashMap<>();
        attributes.forEach(kv -> strings.put(kv.getKey(), kv.getValue().getStringValue()));
        return strings;
    }
}
