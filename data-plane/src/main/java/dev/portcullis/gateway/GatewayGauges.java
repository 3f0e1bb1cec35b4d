package dev.portcullis.gateway;

import dev.portcullis.gateway.observe.metrics.MetricNames;

import dev.portcullis.gateway.Gateway;
import dev.portcullis.gateway.filter.circuit.CircuitBreakers;
import dev.portcullis.gateway.filter.ratelimit.RateLimiter;
import dev.portcullis.gateway.filter.pinning.PinReporter;
import dev.portcullis.gateway.filter.pinning.PinWatch;
import dev.portcullis.gateway.runtime.GatewayRuntime;
import dev.portcullis.gateway.sync.ConfigFreshness;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.vertx.core.Vertx;
import java.util.List;

/**
 * The gateway's state as gauges (ADR 0003): {@code portcullis_config_snapshot_version{gateway}} (0 before the
 * first snapshot), {@code portcullis_config_age_seconds{gateway}} (seconds since a control plane last confirmed the
 * configuration current, 0 while a feed stream keeps confirming it), {@code portcullis_config_stale{gateway}} (1 once
 * that age passes {@code PORTCULLIS_CONFIG_STALE_AFTER}), {@code portcullis_circuit_state{proxy,target}} (0 closed, 1 half-open, 2 open; one series per
 * breaker that exists, refreshed every {@value #CIRCUIT_REFRESH_MS} ms), {@code portcullis_redis_fallback{gateway}}
 * (1 while rate limits are decided without Redis) and {@code portcullis_redis_fallback_total{gateway}} (requests
 * decided without Redis since start), {@code portcullis_ratelimit_leased_units{gateway}} (units of the shared
 * counters held in advance) and {@code portcullis_ratelimit_leased_decisions_total{gateway}} (requests decided from
 * them). Read at scrape time from the running gateway, except the circuit rows.
 *
 * <p>{@code portcullis_redis_fallback_total} only ever grows but is exported with TYPE gauge: a Prometheus counter
 * of that name would be the family {@code portcullis_redis_fallback}, which the ADR's gauge already is, and the
 * Prometheus client refuses two families of one name. {@code rate()} and {@code increase()} work on it all the same.
 */
public final class GatewayGauges implements AutoCloseable {

    static final long CIRCUIT_REFRESH_MS = 5_000;

    private final Vertx vertx;
    private final long timer;

    private GatewayGauges(Vertx vertx, long timer) {
        this.vertx = vertx;
        this.timer = timer;
    }

    /** Registers the gauges of {@code gateway}; closing stops refreshing the circuit rows. */
    public static GatewayGauges bind(MeterRegistry registry, Vertx vertx, Gateway gateway, String gatewayId) {
        Tags gatewayTag = Tags.of("gateway", gatewayId);
        Gauge.builder(MetricNames.SNAPSHOT_VERSION, gateway, GatewayGauges::snapshotVersion)
                .description("Version of the configuration snapshot being served (0 before the first one)")
                .tags(gatewayTag).strongReference(true).register(registry);
        ConfigFreshness freshness = gateway.freshness();
        Gauge.builder(MetricNames.CONFIG_AGE, freshness, f -> f.age().toMillis() / 1000.0)
                .description("Seconds since a control plane last confirmed the configuration current")
                .tags(gatewayTag).strongReference(true).register(registry);
        Gauge.builder(MetricNames.CONFIG_STALE, freshness, f -> f.stale() ? 1 : 0)
                .description("1 while the configuration is older than PORTCULLIS_CONFIG_STALE_AFTER")
                .tags(gatewayTag).strongReference(true).register(registry);
        FunctionCounter.builder(MetricNames.PIN_CHANGES, gateway.pins().reporter(), PinReporter::changes)
                .description("Distinct changed or unapproved primitive definitions (proxy, primitive, hash) this"
                        + " gateway saw upstreams list")
                .tags(gatewayTag).register(registry);
        FunctionCounter.builder(MetricNames.PIN_HELD_CALLS, gateway.pins(), PinWatch::refusedCalls)
                .description("Calls refused because their primitive waits for an administrator's approval")
                .tags(gatewayTag).register(registry);
        RateLimiter limiter = gateway.limiter();
        Gauge.builder(MetricNames.REDIS_FALLBACK, limiter, l -> l.redisAvailable() ? 0 : 1)
                .description("1 while rate limits are counted without Redis (local fallback or deny)")
                .tags(gatewayTag).strongReference(true).register(registry);
        Gauge.builder(MetricNames.REDIS_FALLBACK_TOTAL, limiter, RateLimiter::fallbacks)
                .description("Requests whose rate limits were decided without Redis since start (monotonic)")
                .tags(gatewayTag).strongReference(true).register(registry);
        Gauge.builder(MetricNames.LEASED_UNITS, limiter, RateLimiter::leasedUnits)
                .description("Units of the shared rate limits and quotas this gateway holds in advance")
                .tags(gatewayTag).strongReference(true).register(registry);
        FunctionCounter.builder(MetricNames.LEASED_DECISIONS, limiter, RateLimiter::leasedDecisions)
                .description("Limited requests decided from units held in advance, without a Redis round trip")
                .tags(gatewayTag).register(registry);
        MultiGauge circuits = MultiGauge.builder(MetricNames.CIRCUIT_STATE)
                .description("Circuit breaker state: 0 closed, 1 half-open, 2 open")
                .register(registry);
        CircuitBreakers breakers = gateway.breakers();
        refresh(circuits, breakers);
        long timer = vertx.setPeriodic(CIRCUIT_REFRESH_MS, id -> refresh(circuits, breakers));
        return new GatewayGauges(vertx, timer);
    }

    private static double snapshotVersion(Gateway gateway) {
        GatewayRuntime runtime = gateway.runtime();
        return runtime == null ? 0 : runtime.version();
    }

    private static void refresh(MultiGauge circuits, CircuitBreakers breakers) {
        List<MultiGauge.Row<?>> rows = breakers.states().stream()
                .<MultiGauge.Row<?>>map(state -> MultiGauge.Row.of(
                        Tags.of("proxy", state.proxyId(), "target", state.scope()), state.state()))
                .toList();
        circuits.register(rows, true);
    }

    @Override
    public void close() {
        vertx.cancelTimer(timer);
    }
}
