package dev.portcullis.controlplane.gateway;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How many snapshot streams each gateway holds open to this replica, and the snapshot version it last reported
 * applying here. The count lives in memory (a connection lives and dies with this process); whether a gateway has
 * any stream on any replica is shared through the {@code gateway_stream} table ({@link GatewayService}), keyed by
 * {@link #replicaId()}. Both are on {@code /q/metrics} while the gateway has a stream here:
 * {@code portcullis_feed_streams{gateway}} and {@code portcullis_feed_applied_version{gateway}} (0 until it reports);
 * the series go when its last stream closes, so they stay as many as the connected gateways. Thread-safe.
 */
@ApplicationScoped
public class ConnectedGateways {

    static final String STREAMS = "portcullis.feed.streams";
    static final String APPLIED_VERSION = "portcullis.feed.applied.version";

    /** One connected gateway's numbers and the gauges that read them. */
    private record Feed(AtomicInteger streams, AtomicLong applied, Gauge streamsGauge, Gauge appliedGauge) {
    }

    private final String replicaId = UUID.randomUUID().toString();
    private final ConcurrentHashMap<String, Feed> feeds = new ConcurrentHashMap<>();
    private final MeterRegistry registry;

    ConnectedGateways(MeterRegistry registry) {
        this.registry = registry;
    }

    public void opened(String gatewayId) {
        feeds.compute(gatewayId, (id, feed) -> feed == null ? register(id) : feed).streams().incrementAndGet();
    }

    /** Answers whether that was the gateway's last stream on this replica. */
    public boolean closed(String gatewayId) {
        return feeds.computeIfPresent(gatewayId, (id, feed) -> {
            if (feed.streams().decrementAndGet() > 0) {
                return feed;
            }
            registry.remove(feed.streamsGauge());
            registry.remove(feed.appliedGauge());
            return null;
        }) == null;
    }

    /** The gateway reported applying {@code version}; kept only while it streams from this replica. */
    public void applied(String gatewayId, long version) {
        Feed feed = feeds.get(gatewayId);
        if (feed != null) {
            feed.applied().accumulateAndGet(version, Math::max);
        }
    }

    /** This process's id in {@code gateway_stream}: random per start, so a restarted replica never reuses rows. */
    public String replicaId() {
        return replicaId;
    }

    private Feed register(String gatewayId) {
        AtomicInteger streams = new AtomicInteger();
        AtomicLong applied = new AtomicLong();
        Gauge streamsGauge = Gauge.builder(STREAMS, streams, AtomicInteger::get).tag("gateway", gatewayId)
                .description("Snapshot streams the gateway holds open to this control plane")
                .register(registry);
        Gauge appliedGauge = Gauge.builder(APPLIED_VERSION, applied, AtomicLong::get).tag("gateway", gatewayId)
                .description("Snapshot version the gateway last reported applying to this control plane")
                .register(registry);
        return new Feed(streams, applied, streamsGauge, appliedGauge);
    }
}
