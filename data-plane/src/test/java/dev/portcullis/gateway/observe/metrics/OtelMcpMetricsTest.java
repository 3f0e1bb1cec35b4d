package dev.portcullis.gateway.observe.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.model.analytics.AnalyticsRecord;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Which attributes each kind of finished request gets under the OpenTelemetry MCP names. */
class OtelMcpMetricsTest {

    private final InMemoryMetricReader reader = InMemoryMetricReader.create();
    private final OtelMcpMetrics metrics = new OtelMcpMetrics(SdkMeterProvider.builder().registerMetricReader(reader)
            .build().get("test"));

    private static AnalyticsRecord toolCall(int status, Integer gatewayCode, String reason, Integer upstreamCode,
                                            boolean toolError, Long upstreamMicros) {
        return new AnalyticsRecord("id", Instant.EPOCH, "gw", "mock", "POST", "/mock/mcp", status, 2_000_000,
                upstreamMicros, 1, 1, null, null, null, "tools/call", "tool", "get_users", gatewayCode, reason, null,
                null, upstreamCode, toolError, false, "2025-11-25");
    }

    private static RequestLabels labels(AnalyticsRecord record) {
        return new RequestLabels("mock", "tools/call", "tool", "get_users",
                record.mcpErrorCode() == null ? "" : record.mcpErrorCode().toString(),
                Integer.toString(record.status()));
    }

    private void record(AnalyticsRecord record) {
        metrics.record(labels(record), record);
    }

    @Test
    void recordsASuccessfulToolCallOnBothSidesWithoutErrorAttributes() {
        record(toolCall(200, null, null, null, false, 1_500_000L));

        Map<String, String> server = only(OtelMcpMetrics.SERVER_DURATION);
        assertThat(server).containsEntry("mcp.method.name", "tools/call").containsEntry("gen_ai.tool.name", "get_users")
                .containsEntry("gen_ai.operation.name", "execute_tool")
                .containsEntry("mcp.protocol.version", "2025-11-25").containsEntry("portcullis.proxy", "mock")
                .doesNotContainKeys("error.type", "rpc.response.status_code");
        assertThat(only(OtelMcpMetrics.CLIENT_DURATION)).doesNotContainKey("error.type");
        HistogramPointData point = points(OtelMcpMetrics.SERVER_DURATION).get(0);
        assertThat(point.getSum()).isEqualTo(2.0);
        assertThat(points(OtelMcpMetrics.CLIENT_DURATION).get(0).getSum()).isEqualTo(1.5);
    }

    @Test
    void namesAnUpstreamJsonRpcErrorByItsCodeOnBothSides() {
        record(toolCall(200, null, null, -32602, false, 1_000L));

        assertThat(only(OtelMcpMetrics.SERVER_DURATION)).containsEntry("error.type", "-32602")
                .containsEntry("rpc.response.status_code", "-32602");
        assertThat(only(OtelMcpMetrics.CLIENT_DURATION)).containsEntry("error.type", "-32602")
                .containsEntry("rpc.response.status_code", "-32602");
    }

    @Test
    void boundsAnUpstreamErrorCodeOutsideTheReservedRange() {
        record(toolCall(200, null, null, 4_711, false, 1_000L));

        assertThat(only(OtelMcpMetrics.SERVER_DURATION)).containsEntry("rpc.response.status_code", "other");
    }

    @Test
    void namesAGatewayErrorByItsReasonAndAToolErrorAsToolError() {
        record(toolCall(429, -32003, "rate_limited", null, false, null));
        record(toolCall(200, null, null, null, true, 1_000L));

        assertThat(attributes(OtelMcpMetrics.SERVER_DURATION)).anySatisfy(attributes -> assertThat(attributes)
                .containsEntry("error.type", "rate_limited").containsEntry("rpc.response.status_code", "-32003"))
                .anySatisfy(attributes -> assertThat(attributes).containsEntry("error.type", "tool_error")
                        .doesNotContainKey("rpc.response.status_code"));
        assertThat(only(OtelMcpMetrics.CLIENT_DURATION)).containsEntry("error.type", "tool_error");
    }

    @Test
    void recordsNothingForARequestWithoutAJsonRpcMethod() {
        AnalyticsRecord get = new AnalyticsRecord("id", Instant.EPOCH, "gw", "mock", "GET", "/mock/mcp", 200, 1,
                null, 1, 1, null, null, null, null, null, null, null, null, null, null);
        metrics.record(new RequestLabels("mock", "", "", "", "", "200"), get);

        assertThat(reader.collectAllMetrics()).isEmpty();
    }

    private Map<String, String> only(String metric) {
        List<Map<String, String>> all = attributes(metric);
        assertThat(all).hasSize(1);
        return all.get(0);
    }

    private List<Map<String, String>> attributes(String metric) {
        return points(metric).stream().map(point -> strings(point.getAttributes())).toList();
    }

    private List<HistogramPointData> points(String metric) {
        return reader.collectAllMetrics().stream().filter(data -> data.getName().equals(metric))
                .map(MetricData::getHistogramData).flatMap(data -> data.getPoints().stream()).toList();
    }

    private static Map<String, String> strings(Attributes attributes) {
        Map<String, String> strings = new TreeMap<>();
        attributes.forEach((AttributeKey<?> key, Object value) -> strings.put(key.getKey(), String.valueOf(value)));
        return strings;
    }
}
