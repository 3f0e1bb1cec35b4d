package dev.portcullis.gateway.observe.metrics;

import dev.portcullis.gateway.observe.CompletedRequest;
import dev.portcullis.gateway.observe.KnownPrimitives;
import dev.portcullis.gateway.observe.RequestObservation;
import dev.portcullis.gateway.observe.RequestObserver;
import dev.portcullis.gateway.runtime.CompiledProxy;
import dev.portcullis.model.analytics.AnalyticsRecord;
import dev.portcullis.model.jsonrpc.JsonRpcErrorCodes;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Counts every agent request, tracked or not (ADR 0003): {@code portcullis_mcp_requests_total},
 * {@code portcullis_mcp_method_total}, {@code portcullis_mcp_revision_total} (by the MCP revision the request declared,
 * {@code none} without one: at most six values), the request and upstream duration histograms (fixed buckets, see
 * {@link MetricNames#DURATION_BUCKETS}; p95 is computed server side with {@code histogram_quantile}) and
 * {@code portcullis_ratelimit_refusals_total}, and {@code portcullis_server_requests_denied_total} (requests an
 * upstream sent an agent that the agent's method rules denied). Label values are bounded by {@link RequestLabels}.
 *
 * <p>Runs on the request's event loop; only touches lock-free Micrometer meters found through bounded caches.
 */
public final class MetricsObserver implements RequestObserver {

    private static final int CACHE_CAPACITY = 20_000;
    private static final Duration[] BUCKETS = MetricNames.DURATION_BUCKETS.toArray(Duration[]::new);

    private final KnownPrimitives known;
    private final BoundedMeterCache<RequestLabels, Counter> requests;
    private final BoundedMeterCache<ProxyLabel, Counter> methods;
    private final BoundedMeterCache<ProxyLabel, Counter> revisions;
    private final BoundedMeterCache<ProxyLabel, Timer> durations;
    private final BoundedMeterCache<ProxyPrimitive, Timer> upstreamDurations;
    private final BoundedMeterCache<ProxyLabel, Counter> refusals;
    private final BoundedMeterCache<ProxyLabel, Counter> deniedServerRequests;
    private final OtelMcpMetrics otel;

    // The cache keys compare their strings directly: a record's generated equals and hashCode go through method
    // handles, which showed in the request path's profile (five lookups per request).

    /** A proxy and one more label (method, revision or limit: each cache has its own). */
    private record ProxyLabel(String proxy, String value) {
        @Override
        public boolean equals(Object other) {
            return other instanceof ProxyLabel that && proxy.equals(that.proxy) && value.equals(that.value);
        }

        @Override
        public int hashCode() {
            return proxy.hashCode() * 31 + value.hashCode();
        }
    }

    private record ProxyPrimitive(String proxy, String primitive, String target) {
        @Override
        public boolean equals(Object other) {
            return other instanceof ProxyPrimitive that && proxy.equals(that.proxy)
                    && primitive.equals(that.primitive) && target.equals(that.target);
        }

        @Override
        public int hashCode() {
            return (proxy.hashCode() * 31 + primitive.hashCode()) * 31 + target.hashCode();
        }
    }

    /** Prometheus metrics only. @param known the names upstream list answers announced */
    public MetricsObserver(MeterRegistry registry, KnownPrimitives known) {
        this(registry, known, null);
    }

    /**
     * @param known the names upstream list answers announced (the same instance the gateway fills)
     * @param otel  the same requests recorded as OpenTelemetry metrics too, or null when OpenTelemetry is off
     */
    public MetricsObserver(MeterRegistry registry, KnownPrimitives known, OtelMcpMetrics otel) {
        this.known = known;
        this.otel = otel;
        this.requests = new BoundedMeterCache<>(CACHE_CAPACITY, labels -> Counter.builder(MetricNames.REQUESTS)
                .description("Agent requests by proxy, MCP method, primitive, gateway error code and HTTP status")
                .tag("proxy", labels.proxy()).tag("method", labels.method())
                .tag("primitive_type", labels.primitiveType()).tag("primitive", labels.primitive())
                .tag("error_code", labels.errorCode()).tag("status", labels.status())
                .register(registry));
        this.methods = new BoundedMeterCache<>(CACHE_CAPACITY, labels -> Counter.builder(MetricNames.METHOD)
                .description("Agent requests by proxy and MCP method")
                .tag("proxy", labels.proxy()).tag("method", labels.value())
                .register(registry));
        this.revisions = new BoundedMeterCache<>(CACHE_CAPACITY, labels -> Counter.builder(MetricNames.REVISION)
                .description("Agent requests by proxy and the MCP revision they declared (none: no header)")
                .tag("proxy", labels.proxy()).tag("revision", labels.value())
                .register(registry));
        this.durations = new BoundedMeterCache<>(CACHE_CAPACITY, labels -> Timer.builder(MetricNames.REQUEST_DURATION)
                .description("Time from receiving an agent request to the end of its response")
                .tag("proxy", labels.proxy()).tag("method", labels.value())
                .serviceLevelObjectives(BUCKETS)
                .register(registry));
        this.upstreamDurations = new BoundedMeterCache<>(CACHE_CAPACITY, labels ->
                Timer.builder(MetricNames.UPSTREAM_DURATION)
                        .description("Time from sending a request upstream to the end of the upstream's response")
                        .tag("proxy", labels.proxy()).tag("primitive", labels.primitive())
                        .tag("target", labels.target())
                        .serviceLevelObjectives(BUCKETS)
                        .register(registry));
        this.refusals = new BoundedMeterCache<>(CACHE_CAPACITY, labels ->
                Counter.builder(MetricNames.RATELIMIT_REFUSALS)
                        .description("Requests refused by a rate limit (limit=rate) or an exhausted quota (limit=quota)")
                        .tag("proxy", labels.proxy()).tag("limit", labels.value())
                        .register(registry));
        this.deniedServerRequests = new BoundedMeterCache<>(CACHE_CAPACITY, labels ->
                Counter.builder(MetricNames.SERVER_REQUESTS_DENIED)
                        .description("Requests from an upstream to an agent (sampling, elicitation, roots, ...) "
                                + "denied by the agent's method rules and answered by the gateway")
                        .tag("proxy", labels.proxy()).tag("method", labels.value())
                        .register(registry));
    }

    @Override
    public void serverRequestDenied(RequestObservation observation, String method) {
        CompiledProxy proxy = observation.proxy();
        deniedServerRequest(proxy == null ? "" : proxy.id(), method);
    }

    /** Counts one denied server request; {@code method} as the upstream wrote it (bucketed here). */
    void deniedServerRequest(String proxyId, String method) {
        deniedServerRequests.get(new ProxyLabel(proxyId, McpMethods.label(method))).increment();
    }

    @Override
    public void completed(RequestObservation observation, CompletedRequest request) {
        record(request.record(), observation.proxy(), observation.upstreamTarget());
    }

    /** Counts one finished request; {@code proxy} is the matched proxy or null. */
    void record(AnalyticsRecord record, CompiledProxy proxy) {
        record(record, proxy, null);
    }

    /**
     * Counts one finished request; {@code target} is the upstream instance it went to (a URL from the proxy's
     * configuration, so the label stays bounded), or null.
     */
    void record(AnalyticsRecord record, CompiledProxy proxy, String target) {
        RequestLabels labels = RequestLabels.of(record, proxy, known);
        requests.get(labels).increment();
        ProxyLabel proxyMethod = new ProxyLabel(labels.proxy(), labels.method());
        methods.get(proxyMethod).increment();
        revisions.get(new ProxyLabel(labels.proxy(),
                record.protocolVersion() == null ? "none" : record.protocolVersion())).increment();
        durations.get(proxyMethod).record(record.latencyMicros(), TimeUnit.MICROSECONDS);
        if (record.upstreamLatencyMicros() != null) {
            upstreamDurations.get(new ProxyPrimitive(labels.proxy(), labels.primitive(),
                            target == null ? "" : target))
                    .record(record.upstreamLatencyMicros(), TimeUnit.MICROSECONDS);
        }
        String limit = limit(record.mcpErrorCode());
        if (limit != null) {
            refusals.get(new ProxyLabel(labels.proxy(), limit)).increment();
        }
        if (otel != null) {
            otel.record(labels, record);
        }
    }

    private static String limit(Integer errorCode) {
        if (errorCode == null) {
            return null;
        }
        return switch (errorCode) {
            case JsonRpcErrorCodes.RATE_LIMITED -> "rate";
            case JsonRpcErrorCodes.QUOTA_EXCEEDED -> "quota";
            default -> null;
        };
    }

    /** How many request label sets are cached (for tests). */
    int cachedRequestLabelSets() {
        return requests.size();
    }
}
