package dev.portcullis.gateway.observe.metrics;

import java.time.Duration;
import java.util.List;

/**
 * The gateway's metrics (ADR 0003), as Micrometer names, with the Prometheus names they are exported under. The
 * dashboard test checks every PromQL expression of {@code deploy/grafana} against {@link #PROMETHEUS_SERIES}.
 */
public final class MetricNames {

    public static final String REQUESTS = "portcullis.mcp.requests";
    public static final String METHOD = "portcullis.mcp.method";
    public static final String REVISION = "portcullis.mcp.revision";
    public static final String REQUEST_DURATION = "portcullis.mcp.request.duration";
    public static final String UPSTREAM_DURATION = "portcullis.mcp.upstream.duration";
    public static final String RATELIMIT_REFUSALS = "portcullis.ratelimit.refusals";
    /** Exported only once a server request was denied, so not in {@link #PROMETHEUS_SERIES}. */
    public static final String SERVER_REQUESTS_DENIED = "portcullis.server.requests.denied";
    public static final String SNAPSHOT_VERSION = "portcullis.config.snapshot.version";
    /** Exported as {@code portcullis_config_age_seconds}: the unit is in the name, not a base unit. */
    public static final String CONFIG_AGE = "portcullis.config.age.seconds";
    public static final String CONFIG_STALE = "portcullis.config.stale";
    public static final String CIRCUIT_STATE = "portcullis.circuit.state";
    public static final String REDIS_FALLBACK = "portcullis.redis.fallback";
    public static final String REDIS_FALLBACK_TOTAL = "portcullis.redis.fallback.total";
    public static final String LEASED_UNITS = "portcullis.ratelimit.leased.units";
    public static final String LEASED_DECISIONS = "portcullis.ratelimit.leased.decisions";
    public static final String ACCESS_LOG_DROPPED = "portcullis.access.log.dropped";
    public static final String ANALYTICS_RECORDS = "portcullis.analytics.records";
    public static final String ANALYTICS_BUFFERED = "portcullis.analytics.buffered";
    public static final String ANALYTICS_UNCONFIRMED_ANSWERS = "portcullis.analytics.unconfirmed.answers";
    public static final String PIN_CHANGES = "portcullis.pin.changes";
    public static final String PIN_HELD_CALLS = "portcullis.pin.held.calls";

    /** Histogram buckets (seconds' worth of durations) fine enough for a p95 between 5 ms and 30 s. */
    public static final List<Duration> DURATION_BUCKETS = List.of(
            Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50),
            Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
            Duration.ofMillis(2_500), Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30));

    /** Every series name the gateway exports under its own prefix, as a Prometheus scrape shows them. */
    public static final List<String> PROMETHEUS_SERIES = List.of(
            "portcullis_mcp_requests_total",
            "portcullis_mcp_method_total",
            "portcullis_mcp_revision_total",
            "portcullis_mcp_request_duration_seconds_bucket",
            "portcullis_mcp_request_duration_seconds_count",
            "portcullis_mcp_request_duration_seconds_sum",
            "portcullis_mcp_request_duration_seconds_max",
            "portcullis_mcp_upstream_duration_seconds_bucket",
            "portcullis_mcp_upstream_duration_seconds_count",
            "portcullis_mcp_upstream_duration_seconds_sum",
            "portcullis_mcp_upstream_duration_seconds_max",
            "portcullis_ratelimit_refusals_total",
            "portcullis_config_snapshot_version",
            "portcullis_config_age_seconds",
            "portcullis_config_stale",
            "portcullis_circuit_state",
            "portcullis_redis_fallback",
            "portcullis_redis_fallback_total",
            "portcullis_ratelimit_leased_units",
            "portcullis_ratelimit_leased_decisions_total",
            "portcullis_access_log_dropped_total",
            "portcullis_pin_changes_total",
            "portcullis_pin_held_calls_total");

    private MetricNames() {
    }
}
