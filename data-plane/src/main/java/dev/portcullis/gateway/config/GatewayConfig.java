package dev.portcullis.gateway.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.List;
import java.util.Optional;

/**
 * The gateway's settings. Every property has an environment-variable form (SmallRye maps
 * {@code portcullis.gateway.port} to {@code PORTCULLIS_GATEWAY_PORT}); docs/gateway.md lists them.
 */
@ConfigMapping(prefix = "portcullis")
public interface GatewayConfig {

    /** Interface the agent-facing server binds to ({@code PORTCULLIS_BIND_HOST}). */
    @WithDefault("0.0.0.0")
    String bindHost();

    Gateway gateway();

    /**
     * Base URL of the control plane's feed ({@code PORTCULLIS_CONTROL_PLANE_URL}): one URL (a replica or a load
     * balancer in front of several), or a comma-separated list of replicas the gateway fails over between.
     */
    @WithDefault("http://127.0.0.1:3000")
    String controlPlaneUrl();

    /**
     * How long the configuration may go without a control plane confirming it current before the gateway calls it
     * stale ({@code PORTCULLIS_CONFIG_STALE_AFTER}: {@code 300}, {@code 90s}, {@code 5m}, {@code PT5M}).
     */
    @WithDefault("5m")
    String configStaleAfter();

    /**
     * Readiness while the configuration is stale ({@code PORTCULLIS_STALE_CONFIG_READINESS}): {@code serve-stale}
     * stays ready on the last good snapshot, {@code not-ready} leaves the load balancer until a control plane
     * confirms the configuration again.
     */
    @WithDefault("serve-stale")
    String staleConfigReadiness();

    Feed feed();

    /**
     * The folder of operator plugin jars loaded at start ({@code PORTCULLIS_PLUGINS_DIR}; docs/plugins.md); a folder
     * that does not exist means no plugins.
     */
    @WithDefault("./plugins")
    String pluginsDir();

    /** Where the last good snapshot is kept ({@code PORTCULLIS_DATA_DIR}). */
    @WithDefault("./data/gateway")
    String dataDir();

    /** Redis for shared rate-limit and quota counters ({@code PORTCULLIS_REDIS_URL}). */
    @WithDefault("redis://127.0.0.1:6379")
    String redisUrl();

    /**
     * Redis Cluster ({@code PORTCULLIS_REDIS_CLUSTER}): {@code PORTCULLIS_REDIS_URL} then lists seed nodes,
     * comma-separated, and each request's counters go in one script call per hash slot.
     */
    @WithDefault("false")
    boolean redisCluster();

    /** Prefix of every Redis key this gateway writes ({@code PORTCULLIS_REDIS_KEY_PREFIX}). */
    @WithDefault("portcullis:")
    String redisKeyPrefix();

    /** Bound on each Redis call on the request path, in ms ({@code PORTCULLIS_REDIS_TIMEOUT_MS}). */
    @WithDefault("100")
    int redisTimeoutMs();

    /**
     * {@code local} (default): while Redis is down count in memory, each limit divided by the live gateways;
     * {@code deny}: refuse limited requests with 503 ({@code PORTCULLIS_ON_REDIS_FAILURE}).
     */
    @WithDefault("local")
    String onRedisFailure();

    /**
     * The share of each rate limit and quota, in percent (0-10), that a gateway may take from Redis in advance and
     * spend without a round trip ({@code PORTCULLIS_LIMIT_LEASE_PERCENT}); 0: every limited request asks Redis.
     */
    @WithDefault("1")
    int limitLeasePercent();

    /** Seconds between full re-fetches of the snapshot, the safety net under the push stream. */
    @WithDefault("60")
    int resyncSeconds();

    /**
     * Peers whose {@code X-Forwarded-Host} / {@code X-Forwarded-Proto} decide the public URL in Protected Resource
     * Metadata and {@code WWW-Authenticate} ({@code PORTCULLIS_TRUSTED_PROXIES}: comma list of IPs and CIDR blocks).
     * None by default: the agent's own {@code Host} and scheme are used.
     */
    Optional<List<String>> trustedProxies();

    /**
     * Link-local and cloud metadata ranges upstreams may nevertheless use
     * ({@code PORTCULLIS_UPSTREAM_ALLOWED_PRIVATE_RANGES}: comma list of CIDRs, the control plane's setting of the
     * same name). None by default: the gateway does not connect to 169.254.0.0/16, fe80::/10 or fd00:ec2::254,
     * whether written in {@code upstream.url} or resolved from its host name.
     */
    Optional<List<String>> upstreamAllowedPrivateRanges();

    /**
     * Where the JSON access log goes ({@code PORTCULLIS_ACCESS_LOG}): {@code stdout}, {@code off}, or a file path
     * (appended).
     */
    @WithDefault("stdout")
    String accessLog();
    Analytics analytics();

    interface Analytics {
        /** Append tracked requests to the analytics stream ({@code PORTCULLIS_ANALYTICS_ENABLED}). */
        @WithDefault("true")
        boolean enabled();

        /** Approximate cap of the stream, {@code XADD MAXLEN ~} ({@code PORTCULLIS_ANALYTICS_STREAM_MAX_LENGTH}). */
        @WithDefault("1000000")
        long streamMaxLength();

        /** Records held in memory while Redis is unreachable; more are dropped ({@code PORTCULLIS_ANALYTICS_BUFFER}). */
        @WithDefault("100000")
        int buffer();

        /**
         * How long, in ms, an agent's answer may wait before its last bytes for Redis to confirm the request's
         * record; 0 sends the record without waiting ({@code PORTCULLIS_ANALYTICS_ANSWER_HOLD_MS}).
         */
        @WithDefault("100")
        int answerHoldMs();
    }

    interface Gateway {
        /** Agent traffic port, served by the raw Vert.x server ({@code PORTCULLIS_GATEWAY_PORT}). */
        @WithDefault("8080")
        int port();

        /** This gateway's id in feed calls and reports; the host name when absent. */
        Optional<String> id();

        /** Gateway tags (comma list), deciding which proxies this gateway serves. */
        Optional<List<String>> tags();

        /** Bearer token for the config feed ({@code PORTCULLIS_GATEWAY_TOKEN}). */
        Optional<String> token();

        /** Verticle instances serving agents; one per event loop when absent. */
        Optional<Integer> instances();

        /**
         * Event loops ({@code PORTCULLIS_GATEWAY_EVENT_LOOPS}): one per CPU core but one when absent. Read by
         * {@link EventLoops}, which hands it to Vert.x; here so that the property is a known one.
         */
        Optional<Integer> eventLoops();

        /**
         * The gateway's public base URLs, comma list ({@code PORTCULLIS_GATEWAY_PUBLIC_URL}): the origins accepted
         * as the gateway's own in the {@code Origin} check. Default: {@code http://<bind host or localhost>:<port>},
         * {@code http://127.0.0.1:<port>}, {@code http://localhost:<port>}.
         */
        Optional<List<String>> publicUrl();

        /** Pooled upstream connections per host and event loop ({@code PORTCULLIS_GATEWAY_UPSTREAM_POOL_SIZE}). */
        @WithDefault("256")
        int upstreamPoolSize();

        /** Seconds an idle upstream connection is kept ({@code PORTCULLIS_GATEWAY_UPSTREAM_KEEP_ALIVE_SECONDS}). */
        @WithDefault("5")
        int upstreamKeepAliveSeconds();

        /** Seconds an agent may take to send a request body ({@code PORTCULLIS_GATEWAY_BODY_TIMEOUT_SECONDS}). */
        @WithDefault("30")
        int bodyTimeoutSeconds();

        /** TLS on the agent listener; plain HTTP while no certificate is set. */
        Tls tls();
    }

    /** {@code portcullis.gateway.tls.*}: docs/gateway.md, "TLS and client certificates". */
    interface Tls {
        /** PEM certificate chain of the agent listener, its own certificate first ({@code PORTCULLIS_GATEWAY_TLS_CERT}). */
        Optional<String> cert();

        /** PEM private key of that certificate ({@code PORTCULLIS_GATEWAY_TLS_KEY}). */
        Optional<String> key();

        /** {@code none}, {@code request} or {@code required} ({@code PORTCULLIS_GATEWAY_TLS_CLIENT_AUTH}). */
        @WithDefault("none")
        String clientAuth();

        /**
         * PEM bundle of the CAs that sign agent certificates, required unless client auth is {@code none}
         * ({@code PORTCULLIS_GATEWAY_TLS_CLIENT_CA}).
         */
        Optional<String> clientCa();
    }

    interface Feed {
        /** Base64 X.509 Ed25519 public key verifying snapshots ({@code PORTCULLIS_FEED_PUBLIC_KEY}). */
        Optional<String> publicKey();

        /** PEM file holding that key instead ({@code PORTCULLIS_FEED_PUBLIC_KEY_FILE}). */
        Optional<String> publicKeyFile();
    }
}
