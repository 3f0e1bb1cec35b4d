package dev.portcullis.gateway.observe.metrics;

import dev.portcullis.model.analytics.AnalyticsRecord;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.Meter;
import java.util.List;

/**
 * The gateway's MCP metrics under the names of OpenTelemetry's semantic conventions for MCP, exported over OTLP
 * with the traces when OpenTelemetry is on:
 * <ul>
 *   <li>{@code mcp.server.operation.duration}: every agent request with a JSON-RPC method, from its arrival to the
 *       end of its response (the gateway is the agent's MCP server);</li>
 *   <li>{@code mcp.client.operation.duration}: the upstream leg of forwarded requests (the gateway is the
 *       upstream's MCP client).</li>
 * </ul>
 * Attribute values are the bounded label values of the Prometheus metrics ({@link RequestLabels}), so the series
 * are as many as there. The {@link Attributes} of a label tuple are built once and cached, so a request records
 * with one map lookup. Thread-safe; runs on the request's event loop.
 */
public final class OtelMcpMetrics {

    public static final String SERVER_DURATION = "mcp.server.operation.duration";
    public static final String CLIENT_DURATION = "mcp.client.operation.duration";

    static final AttributeKey<String> METHOD = AttributeKey.stringKey("mcp.method.name");
    static final AttributeKey<String> TOOL = AttributeKey.stringKey("gen_ai.tool.name");
    static final AttributeKey<String> PROMPT = AttributeKey.stringKey("gen_ai.prompt.name");
    static final AttributeKey<String> RESOURCE = AttributeKey.stringKey("mcp.resource.uri");
    static final AttributeKey<String> OPERATION = AttributeKey.stringKey("gen_ai.operation.name");
    static final AttributeKey<String> PROTOCOL_VERSION = AttributeKey.stringKey("mcp.protocol.version");
    static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");
    static final AttributeKey<String> RPC_STATUS = AttributeKey.stringKey("rpc.response.status_code");
    static final AttributeKey<String> NETWORK_TRANSPORT = AttributeKey.stringKey("network.transport");
    static final AttributeKey<String> NETWORK_PROTOCOL = AttributeKey.stringKey("network.protocol.name");
    static final AttributeKey<String> PROXY = AttributeKey.stringKey("portcullis.proxy");

    /** {@code error.type} of a {@code tools/call} answered with {@code isError: true}, as the conventions say. */
    static final String TOOL_ERROR = "tool_error";

    private static final int CACHE_CAPACITY = 20_000;
    private static final double MICROS_PER_SECOND = 1_000_000.0;
    private static final List<Double> BUCKETS = MetricNames.DURATION_BUCKETS.stream()
            .map(bucket -> bucket.toNanos() / 1_000_000_000.0).toList();

    /** What one recording is attributed with; {@code client} tells the upstream leg's tuples apart. */
    private record Key(RequestLabels labels, String version, String errorType, String rpcStatus, boolean client) {
    }

    private final DoubleHistogram server;
    private final DoubleHistogram client;
    private final BoundedMeterCache<Key, Attributes> attributes;

    public OtelMcpMetrics(Meter meter) {
        this.server = meter.histogramBuilder(SERVER_DURATION).setUnit("s")
                .setDescription("MCP request or notification duration as observed by the gateway, from receiving "
                        + "it to the end of its response")
                .setExplicitBucketBoundariesAdvice(BUCKETS).build();
        this.client = meter.histogramBuilder(CLIENT_DURATION).setUnit("s")
                .setDescription("Duration of a forwarded MCP request as observed by the gateway, from sending it "
                        + "upstream to the end of the upstream's response")
                .setExplicitBucketBoundariesAdvice(BUCKETS).build();
        this.attributes = new BoundedMeterCache<>(CACHE_CAPACITY, OtelMcpMetrics::attributes);
    }

    /** Records one finished request whose bounded labels are {@code labels}. */
    void record(RequestLabels labels, AnalyticsRecord record) {
        if (labels.method().isEmpty()) {
            return;
        }
        String rpcStatus = rpcStatus(record);
        String version = record.protocolVersion();
        server.record(record.latencyMicros() / MICROS_PER_SECOND, attributes.get(
                new Key(labels, version, serverErrorType(record, rpcStatus), rpcStatus, false)));
        if (record.upstreamLatencyMicros() != null) {
            String upstreamStatus = record.upstreamErrorCode() == null ? null : rpcStatus;
            client.record(record.upstreamLatencyMicros() / MICROS_PER_SECOND, attributes.get(
                    new Key(labels, version, clientErrorType(record, upstreamStatus), upstreamStatus, true)));
        }
    }

    /** The JSON-RPC error code of the answer: the gateway's own, else the upstream's (bounded to the reserved range). */
    private static String rpcStatus(AnalyticsRecord record) {
        if (record.mcpErrorCode() != null) {
            return StatusLabels.code(record.mcpErrorCode());
        }
        Integer upstream = record.upstreamErrorCode();
        if (upstream == null) {
            return null;
        }
        return upstream >= -32_768 && upstream <= -32_000 ? StatusLabels.code(upstream) : RequestLabels.OTHER;
    }

    private static String serverErrorType(AnalyticsRecord record, String rpcStatus) {
        if (record.errorReason() != null) {
            return record.errorReason();
        }
        return clientErrorType(record, rpcStatus);
    }

    private static String clientErrorType(AnalyticsRecord record, String rpcStatus) {
        if (rpcStatus != null) {
            return rpcStatus;
        }
        if (record.toolError()) {
            return TOOL_ERROR;
        }
        return record.status() >= 500 ? StatusLabels.status(record.status()) : null;
    }

    private static Attributes attributes(Key key) {
        RequestLabels labels = key.labels();
        AttributesBuilder builder = Attributes.builder()
                .put(METHOD, labels.method())
                .put(PROXY, labels.proxy())
                .put(NETWORK_TRANSPORT, "tcp")
                .put(NETWORK_PROTOCOL, "http");
        switch (labels.primitiveType()) {
            case "tool" -> builder.put(TOOL, labels.primitive());
            case "prompt" -> builder.put(PROMPT, labels.primitive());
            case "resource" -> builder.put(RESOURCE, labels.primitive());
            default -> {
            }
        }
        if ("tools/call".equals(labels.method())) {
            builder.put(OPERATION, "execute_tool");
        }
        if (key.version() != null) {
            builder.put(PROTOCOL_VERSION, key.version());
        }
        if (key.errorType() != null) {
            builder.put(ERROR_TYPE, key.errorType());
        }
        if (key.rpcStatus() != null) {
            builder.put(RPC_STATUS, key.rpcStatus());
        }
        return builder.build();
    }
}
