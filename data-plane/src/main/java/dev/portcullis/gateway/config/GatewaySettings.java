package dev.portcullis.gateway.config;

import dev.portcullis.model.proxy.UpstreamAddresses;

import java.net.URI;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Resolved gateway settings, the framework-free form of {@link GatewayConfig} that the server, the sync loop and
 * the tests share. {@code port} 0 binds a free port.
 *
 * @param publicUrls the gateway's public base URLs, its own origins for the {@code Origin} check; empty for the
 *                   loopback defaults (see {@code OwnOrigins})
 * @param counters   the Redis holding rate-limit and quota counters, and what to do when it is down
 * @param controlPlaneUrls the control plane's base URLs, one per replica or a single load-balanced one; the feed
 *                         fails over between them ({@link ControlPlaneUrls})
 * @param feedPublicKeys   the keys a snapshot's signature may verify with: one, or two during a rotation of the
 *                         control plane's signing key
 * @param tls        TLS and client certificates on the agent listener ({@link ListenerTls#PLAIN} for plain HTTP)
 * @param staleness  when the configuration counts as stale and whether the gateway then stays ready
 */
public record GatewaySettings(
        String bindHost,
        int port,
        int instances,
        String gatewayId,
        List<String> tags,
        List<URI> controlPlaneUrls,
        Optional<String> gatewayToken,
        List<PublicKey> feedPublicKeys,
        Path dataDir,
        Duration resyncInterval,
        Duration reconnectMin,
        Duration reconnectMax,
        List<String> publicUrls,
        Traffic traffic,
        CounterStore counters,
        ListenerTls tls,
        ConfigStaleness staleness) {

    public static final Duration DEFAULT_RECONNECT_MIN = Duration.ofMillis(200);
    public static final Duration DEFAULT_RECONNECT_MAX = Duration.ofSeconds(5);

    /**
     * Connection handling on the request path.
     *
     * @param upstreamPoolSize  upstream connections per host and event loop
     * @param upstreamKeepAlive how long an idle pooled upstream connection is kept (an upstream may close it
     *                          sooner: keep it short)
     * @param bodyReadTimeout   how long an agent may take to send its request body
     * @param upstreamAddresses where upstream requests may connect: link-local and metadata addresses are refused
     *                          unless allowed ({@code PORTCULLIS_UPSTREAM_ALLOWED_PRIVATE_RANGES})
     */
    public record Traffic(int upstreamPoolSize, Duration upstreamKeepAlive, Duration bodyReadTimeout,
                          UpstreamAddresses upstreamAddresses) {
        public static final Traffic DEFAULT = new Traffic(256, Duration.ofSeconds(5), Duration.ofSeconds(30));

        /** Traffic settings with the default upstream address rule. */
        public Traffic(int upstreamPoolSize, Duration upstreamKeepAlive, Duration bodyReadTimeout) {
            this(upstreamPoolSize, upstreamKeepAlive, bodyReadTimeout, UpstreamAddresses.DEFAULT);
        }

        public Traffic {
            Objects.requireNonNull(upstreamAddresses, "upstreamAddresses");
            Objects.requireNonNull(upstreamKeepAlive, "upstreamKeepAlive");
            Objects.requireNonNull(bodyReadTimeout, "bodyReadTimeout");
            if (upstreamPoolSize < 1) {
                throw new IllegalArgumentException("upstream pool size must be at least 1");
            }
            if (upstreamKeepAlive.isNegative() || upstreamKeepAlive.isZero()
                    || bodyReadTimeout.isNegative() || bodyReadTimeout.isZero()) {
                throw new IllegalArgumentException("upstream keep-alive and body timeout must be positive");
            }
        }
    }

    /** What the gateway does with limited requests while Redis is unreachable (docs/ratelimits.md). */
    public enum OnRedisFailure {
        /** Count in memory, each limit divided by the number of live gateways (the default). */
        LOCAL,
        /** Refuse requests that have a limit with 503, -32004 (fail closed). */
        DENY;

        /** {@code local} or {@code deny}, case-insensitive. */
        public static OnRedisFailure parse(String value) {
            return switch (value.strip().toLowerCase(java.util.Locale.ROOT)) {
                case "local" -> LOCAL;
                case "deny" -> DENY;
                default -> throw new IllegalArgumentException(
                        "PORTCULLIS_ON_REDIS_FAILURE (onRedisFailure) must be 'local' or 'deny'");
            };
        }
    }

    /**
     * The shared counter store.
     *
     * @param url       {@code redis://host:port[/db]} (credentials in the URL are never logged); with
     *                  {@code cluster}, a comma-separated list of seed nodes
     * @param keyPrefix put before every key, so several deployments (or test runs) can share one Redis
     * @param timeout   bound on every Redis call on the request path; past it the request falls back
     * @param cluster   Redis Cluster: one script call per hash slot instead of one per request
     * @param leasePercent the share of each limit (0-10 %) a gateway may take from Redis in advance and spend in
     *                  memory; 0: every limited request is decided in Redis
     */
    public record CounterStore(String url, String keyPrefix, Duration timeout, OnRedisFailure onFailure,
                               boolean cluster, int leasePercent) {
        /** The share of a limit a gateway may take from Redis in advance, by default. */
        public static final int DEFAULT_LEASE_PERCENT = 1;
        public static final CounterStore DEFAULT = new CounterStore("redis://127.0.0.1:6379", "portcullis:",
                Duration.ofMillis(100), OnRedisFailure.LOCAL);

        /** A single (standalone) Redis. */
        public CounterStore(String url, String keyPrefix, Duration timeout, OnRedisFailure onFailure) {
            this(url, keyPrefix, timeout, onFailure, false);
        }

        public CounterStore(String url, String keyPrefix, Duration timeout, OnRedisFailure onFailure,
                            boolean cluster) {
            this(url, keyPrefix, timeout, onFailure, cluster, DEFAULT_LEASE_PERCENT);
        }

        public CounterStore {
            Objects.requireNonNull(url, "url");
            Objects.requireNonNull(keyPrefix, "keyPrefix");
            Objects.requireNonNull(timeout, "timeout");
            Objects.requireNonNull(onFailure, "onFailure");
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("Redis timeout must be positive");
            }
            if (leasePercent < 0 || leasePercent > 10) {
                throw new IllegalArgumentException(
                        "PORTCULLIS_LIMIT_LEASE_PERCENT (limitLeasePercent) must be a whole number from 0 to 10");
            }
        }

        /** The same store with another lease share (0: every limited request asks Redis). */
        public CounterStore withLeasePercent(int percent) {
            return new CounterStore(url, keyPrefix, timeout, onFailure, cluster, percent);
        }

        @Override
        public String toString() {
            return "CounterStore[keyPrefix=" + keyPrefix + ", timeout=" + timeout + ", onFailure=" + onFailure
                    + ", cluster=" + cluster + ", leasePercent=" + leasePercent + "]";
        }
    }

    /** Settings with the default counter store ({@link CounterStore#DEFAULT}). */
    public GatewaySettings(String bindHost, int port, int instances, String gatewayId, List<String> tags,
                           URI controlPlaneUrl, Optional<String> gatewayToken, PublicKey feedPublicKey, Path dataDir,
                           Duration resyncInterval, Duration reconnectMin, Duration reconnectMax,
                           List<String> publicUrls, Traffic traffic) {
        this(bindHost, port, instances, gatewayId, tags, controlPlaneUrl, gatewayToken, feedPublicKey, dataDir,
                resyncInterval, reconnectMin, reconnectMax, publicUrls, traffic, CounterStore.DEFAULT);
    }

    /** Settings of a plain HTTP listener. */
    public GatewaySettings(String bindHost, int port, int instances, String gatewayId, List<String> tags,
                           URI controlPlaneUrl, Optional<String> gatewayToken, PublicKey feedPublicKey, Path dataDir,
                           Duration resyncInterval, Duration reconnectMin, Duration reconnectMax,
                           List<String> publicUrls, Traffic traffic, CounterStore counters) {
        this(bindHost, port, instances, gatewayId, tags, List.of(controlPlaneUrl), gatewayToken,
                List.of(feedPublicKey), dataDir, resyncInterval, reconnectMin, reconnectMax, publicUrls, traffic,
                counters, ListenerTls.PLAIN, ConfigStaleness.DEFAULT);
    }

    /** The same settings with another counter store. */
    public GatewaySettings withCounters(CounterStore store) {
        return new GatewaySettings(bindHost, port, instances, gatewayId, tags, controlPlaneUrls, gatewayToken,
                feedPublicKeys, dataDir, resyncInterval, reconnectMin, reconnectMax, publicUrls, traffic, store, tls,
                staleness);
    }

    /** The same settings with TLS on the agent listener. */
    public GatewaySettings withTls(ListenerTls listenerTls) {
        return new GatewaySettings(bindHost, port, instances, gatewayId, tags, controlPlaneUrls, gatewayToken,
                feedPublicKeys, dataDir, resyncInterval, reconnectMin, reconnectMax, publicUrls, traffic, counters,
                listenerTls, staleness);
    }

    /** The same settings with other control-plane URLs (failover between them). */
    public GatewaySettings withControlPlaneUrls(List<URI> urls) {
        return new GatewaySettings(bindHost, port, instances, gatewayId, tags, urls, gatewayToken, feedPublicKeys,
                dataDir, resyncInterval, reconnectMin, reconnectMax, publicUrls, traffic, counters, tls, staleness);
    }

    /** The same settings with another staleness rule. */
    public GatewaySettings withStaleness(ConfigStaleness rule) {
        return new GatewaySettings(bindHost, port, instances, gatewayId, tags, controlPlaneUrls, gatewayToken,
                feedPublicKeys, dataDir, resyncInterval, reconnectMin, reconnectMax, publicUrls, traffic, counters, tls,
                rule);
    }

    /** The same settings with other reconnect backoff bounds. */
    public GatewaySettings withReconnect(Duration min, Duration max) {
        return new GatewaySettings(bindHost, port, instances, gatewayId, tags, controlPlaneUrls, gatewayToken,
                feedPublicKeys, dataDir, resyncInterval, min, max, publicUrls, traffic, counters, tls, staleness);
    }

    public GatewaySettings {
        Objects.requireNonNull(bindHost, "bindHost");
        Objects.requireNonNull(gatewayId, "gatewayId");
        tags = List.copyOf(tags);
        controlPlaneUrls = List.copyOf(controlPlaneUrls);
        if (controlPlaneUrls.isEmpty()) {
            throw new IllegalArgumentException("at least one control-plane URL is needed");
        }
        Objects.requireNonNull(gatewayToken, "gatewayToken");
        feedPublicKeys = List.copyOf(feedPublicKeys);
        if (feedPublicKeys.isEmpty()) {
            throw new IllegalArgumentException("at least one feed public key is needed");
        }
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(resyncInterval, "resyncInterval");
        publicUrls = List.copyOf(publicUrls);
        Objects.requireNonNull(traffic, "traffic");
        Objects.requireNonNull(counters, "counters");
        Objects.requireNonNull(tls, "tls");
        Objects.requireNonNull(staleness, "staleness");
        Objects.requireNonNull(reconnectMin, "reconnectMin");
        Objects.requireNonNull(reconnectMax, "reconnectMax");
        if (reconnectMin.isNegative() || reconnectMin.isZero() || reconnectMax.compareTo(reconnectMin) < 0) {
            throw new IllegalArgumentException("reconnect backoff must be positive, its maximum at least its minimum");
        }
        if (instances < 1) {
            throw new IllegalArgumentException("instances must be at least 1");
        }
        if (resyncInterval.isNegative() || resyncInterval.isZero()) {
            throw new IllegalArgumentException("resync interval must be positive");
        }
    }

    /** Tags as the feed's {@code tags} query parameter expects them. */
    public String tagsParameter() {
        return String.join(",", tags);
    }
}
