package dev.portcullis.gateway;

import dev.portcullis.gateway.observe.KnownPrimitives;
import dev.portcullis.gateway.observe.RequestObservers;
import dev.portcullis.gateway.config.GatewaySettings;
import dev.portcullis.gateway.filter.auth.TokenServices;
import dev.portcullis.gateway.filter.ratelimit.RateLimiter;
import dev.portcullis.gateway.filter.auth.prm.TrustedProxies;
import dev.portcullis.gateway.filter.circuit.CircuitBreakers;
import dev.portcullis.gateway.runtime.GatewayRuntime;
import dev.portcullis.gateway.runtime.virtual.LegTickets;
import dev.portcullis.gateway.upstream.SecretResolver;
import dev.portcullis.gateway.server.GatewayVerticle;
import dev.portcullis.gateway.server.OwnOrigins;
import dev.portcullis.gateway.sync.ApplyOutcome;
import dev.portcullis.gateway.sync.ConfigFeed;
import dev.portcullis.gateway.sync.ConfigFreshness;
import dev.portcullis.gateway.sync.SnapshotApplier;
import dev.portcullis.gateway.sync.SnapshotFile;
import dev.portcullis.gateway.upstream.ClientCredentialsTokens;
import dev.portcullis.gateway.upstream.GatewaySecretKey;
import dev.portcullis.gateway.upstream.SnapshotSecretResolver;
import dev.portcullis.model.plugin.InstalledPlugins;
import dev.portcullis.model.secret.SecretOpener;
import dev.portcullis.model.secret.X25519Keys;
import dev.portcullis.model.snapshot.ConfigSnapshot;
import dev.portcullis.model.snapshot.SnapshotVerifier;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.security.KeyPair;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import dev.portcullis.gateway.filter.pinning.PinReporter;
import dev.portcullis.gateway.filter.pinning.PinWatch;
import org.jboss.logging.Logger;

/**
 * A running gateway: the agent-facing verticles (one per event loop), the current runtime, and the config feed.
 * Framework-free so tests start the real thing on a plain {@link Vertx}; Quarkus starts it in
 * {@code GatewayLifecycle}.
 *
 * <p>Boot order: the disk copy of the last good snapshot is verified and applied first (so the gateway serves
 * while the control plane is down), then the server starts, then the feed connects.
 */
public final class Gateway {

    private static final Logger LOG = Logger.getLogger(Gateway.class);

    private final Vertx vertx;
    private final AtomicReference<GatewayRuntime> runtime;
    private final ConfigFeed feed;
    private final ConfigFreshness freshness;
    private final ClientCredentialsTokens tokens;
    private final TokenServices tokenServices;
    private final RateLimiter limiter;
    private final CircuitBreakers breakers;
    private final List<String> deployments;
    private final int port;
    private final PinWatch pins;

    private Gateway(Vertx vertx, AtomicReference<GatewayRuntime> runtime, ConfigFeed feed, ConfigFreshness freshness,
                    ClientCredentialsTokens tokens, TokenServices tokenServices, RateLimiter limiter,
                    CircuitBreakers breakers, List<String> deployments, int port, PinWatch pins) {
        this.pins = pins;
        this.vertx = vertx;
        this.runtime = runtime;
        this.feed = feed;
        this.freshness = freshness;
        this.tokens = tokens;
        this.tokenServices = tokenServices;
        this.limiter = limiter;
        this.breakers = breakers;
        this.deployments = deployments;
        this.port = port;
    }

    /** Starts a gateway that trusts no proxy's {@code X-Forwarded-*}. */
    public static Future<Gateway> start(Vertx vertx, GatewaySettings settings) {
        return start(vertx, settings, TrustedProxies.NONE);
    }

    /**
     * Starts a gateway; blocking parts (disk, key checks) run on a worker thread. The gateway's secrets key
     * (ADR 0002) is loaded or created first: snapshots carry secrets sealed to it.
     */
    public static Future<Gateway> start(Vertx vertx, GatewaySettings settings, TrustedProxies trustedProxies) {
        return start(vertx, settings, trustedProxies, RequestObservers.NONE);
    }

    /** Starts a gateway whose agent requests are watched by {@code observers} (access log, analytics, metrics ...). */
    public static Future<Gateway> start(Vertx vertx, GatewaySettings settings, TrustedProxies trustedProxies,
                                        RequestObservers observers) {
        return start(vertx, settings, trustedProxies, observers, new KnownPrimitives());
    }

    /**
     * Same, remembering the primitive names upstream list answers announce in {@code known} (the metrics observer
     * reads the same instance to bound its {@code primitive} label).
     */
    public static Future<Gateway> start(Vertx vertx, GatewaySettings settings, TrustedProxies trustedProxies,
                                        RequestObservers observers, KnownPrimitives known) {
        return start(vertx, settings, trustedProxies, observers, known, InstalledPlugins.NONE);
    }

    /** Same, with the operator plugins of the gateway's plugins folder (docs/plugins.md). */
    public static Future<Gateway> start(Vertx vertx, GatewaySettings settings, TrustedProxies trustedProxies,
                                        RequestObservers observers, KnownPrimitives known, InstalledPlugins plugins) {
        TokenServices tokenServices = TokenServices.create(vertx, trustedProxies);
        AtomicReference<GatewayRuntime> runtime = new AtomicReference<>();
        ClientCredentialsTokens tokens = new ClientCredentialsTokens(vertx);
        RateLimiter limiter = new RateLimiter(vertx, settings.counters(), settings.gatewayId(), Clock.systemUTC());
        CircuitBreakers breakers = new CircuitBreakers();
        PinWatch pins = new PinWatch(new PinReporter(vertx, settings.counters(), settings.gatewayId()));
        return vertx.executeBlocking(() -> {
                    KeyPair secretKey = GatewaySecretKey.loadOrCreate(settings.dataDir());
                    SecretOpener opener = new SecretOpener(secretKey.getPrivate());
                    SnapshotApplier applier = new SnapshotApplier(vertx,
                            new SnapshotVerifier(settings.feedPublicKeys()), runtime, new HashSet<>(settings.tags()),
                            (Function<ConfigSnapshot, SecretResolver>) snapshot ->
                                    new SnapshotSecretResolver(snapshot, opener),
                            new SnapshotFile(settings.dataDir()), next -> {
                                known.retainFor(next.snapshot());
                                pins.observations().retainFor(next.snapshot());
                            }, plugins);
                    Optional<ApplyOutcome> boot = applier.applyStoredCopy();
                    boot.ifPresent(outcome -> LOG.infof("boot from stored snapshot: %s", outcome));
                    return new Prepared(applier, X25519Keys.encodePublic(secretKey.getPublic()), boot.orElse(null));
                }, false)
                .compose(prepared -> deploy(vertx, settings, runtime, tokens, tokenServices, limiter, breakers,
                        observers, known, pins).map(started -> {
                    ConfigFreshness freshness = new ConfigFreshness(settings.staleness());
                    ConfigFeed feed = new ConfigFeed(vertx, settings, prepared.applier(), prepared.encryptionKey(),
                            freshness);
                    feed.start(prepared.boot());
                    LOG.infof("gateway %s listening on %s://%s:%d (%s)", settings.gatewayId(),
                            settings.tls().scheme(), settings.bindHost(), started.port(), settings.tls());
                    return new Gateway(vertx, runtime, feed, freshness, tokens, tokenServices, limiter, breakers,
                            started.ids(), started.port(), pins);
                }))
                .onFailure(error -> {
                    limiter.close();
                    tokenServices.close();
                    pins.close();
                });
    }

    /** @param boot what became of the disk copy at boot; null when there was none */
    private record Prepared(SnapshotApplier applier, String encryptionKey, ApplyOutcome boot) {
    }

    private record Deployed(List<String> ids, int port) {
    }

    /**
     * Deploys one verticle per event loop, all on the same port. Port 0 is resolved to a free port first: Vert.x
     * only shares a listening socket between servers asked for the same concrete port. The loopback port of
     * virtual servers' member legs is always a free port of 127.0.0.1.
     */
    private static Future<Deployed> deploy(Vertx vertx, GatewaySettings settings,
                                           AtomicReference<GatewayRuntime> runtime, ClientCredentialsTokens tokens,
                                           TokenServices tokenServices, RateLimiter limiter,
                                           CircuitBreakers breakers, RequestObservers observers,
                                           KnownPrimitives known, PinWatch pins) {
        int[] legPort = {0};
        return vertx.executeBlocking(() -> {
                            legPort[0] = freePort("127.0.0.1");
                            return settings.port() == 0 ? freePort(settings.bindHost()) : settings.port();
                        }, false)
                .compose(port -> {
                    LegTickets legs = new LegTickets(legPort[0]);
                    OwnOrigins own = OwnOrigins.of(settings.publicUrls(), settings.bindHost(), port,
                            settings.tls().scheme());
                    return vertx.deployVerticle(() -> new GatewayVerticle(settings.bindHost(), port, runtime, own,
                                    settings.traffic(), tokens, tokenServices, limiter, breakers, observers,
                                    settings.gatewayId(), known, settings.tls(), pins, legs),
                                    new DeploymentOptions().setInstances(settings.instances()))
                            .map(id -> new Deployed(List.of(id), port));
                });
    }

    private static int freePort(String host) throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(host))) {
            return socket.getLocalPort();
        }
    }

    /** The agent-facing port actually bound. */
    public int port() {
        return port;
    }

    /** The runtime being served, or null before the first snapshot. */
    public GatewayRuntime runtime() {
        return runtime.get();
    }

    /** How long ago a control plane last confirmed the configuration current, and whether it is stale. */
    public ConfigFreshness freshness() {
        return freshness;
    }

    /** Tool pinning: what upstreams listed, the changes reported, the calls held. */
    public PinWatch pins() {
        return pins;
    }

    /** The rate limiter: Redis health, fallback count, live gateways. */
    public RateLimiter limiter() {
        return limiter;
    }

    /** The circuit breakers, shared by every event loop (their states feed the circuit gauges). */
    public CircuitBreakers breakers() {
        return breakers;
    }

    public Future<Void> stop() {
        List<Future<?>> steps = new ArrayList<>();
        steps.add(feed.stop());
        tokens.close();
        tokenServices.close();
        limiter.close();
        pins.close();
        for (String id : deployments) {
            steps.add(vertx.undeploy(id));
        }
        return Future.join(steps).mapEmpty();
    }
}
