package dev.portcullis.gateway.support;

import dev.portcullis.gateway.Gateway;
import dev.portcullis.gateway.config.GatewaySettings;
import dev.portcullis.gateway.config.ListenerTls;
import dev.portcullis.gateway.filter.auth.prm.TrustedProxies;
import dev.portcullis.gateway.observe.KnownPrimitives;
import dev.portcullis.gateway.observe.RequestObservers;
import dev.portcullis.model.plugin.InstalledPlugins;
import io.vertx.core.Vertx;
import java.net.URI;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Starts the real gateway (verticles, sync, disk copy) on a test's Vert.x, on a free port of 127.0.0.1. */
public final class RunningGateway implements AutoCloseable {

    private final Gateway gateway;
    private final String scheme;

    private RunningGateway(Gateway gateway) {
        this(gateway, "http");
    }

    private RunningGateway(Gateway gateway, String scheme) {
        this.gateway = gateway;
        this.scheme = scheme;
    }

    public static RunningGateway start(Vertx vertx, String feedUrl, PublicKey publicKey, Path dataDir)
            throws Exception {
        return start(vertx, feedUrl, publicKey, dataDir, List.of(), TrustedProxies.NONE);
    }

    /** A gateway carrying {@code tags}. */
    public static RunningGateway start(Vertx vertx, String feedUrl, PublicKey publicKey, Path dataDir,
                                       List<String> tags) throws Exception {
        return start(vertx, feedUrl, publicKey, dataDir, tags, TrustedProxies.NONE);
    }

    /** Same, believing {@code X-Forwarded-Host/Proto} from {@code trustedProxies}. */
    public static RunningGateway start(Vertx vertx, String feedUrl, PublicKey publicKey, Path dataDir,
                                       TrustedProxies trustedProxies) throws Exception {
        return start(vertx, feedUrl, publicKey, dataDir, List.of(), trustedProxies);
    }

    public static RunningGateway start(Vertx vertx, String feedUrl, PublicKey publicKey, Path dataDir,
                                       List<String> tags, TrustedProxies trustedProxies) throws Exception {
        GatewaySettings settings = new GatewaySettings("127.0.0.1", 0, 2, "gw-test", tags, URI.create(feedUrl),
                Optional.of(TestFeed.TOKEN), publicKey, dataDir, Duration.ofSeconds(60), Duration.ofMillis(50),
                Duration.ofMillis(500), List.of(), GatewaySettings.Traffic.DEFAULT);
        return new RunningGateway(Gateway.start(vertx, settings, trustedProxies).toCompletionStage().toCompletableFuture()
                .get(30, TimeUnit.SECONDS));
    }

    /** A gateway telling {@code observers} about every agent request. */
    public static RunningGateway start(Vertx vertx, String feedUrl, PublicKey publicKey, Path dataDir,
                                       RequestObservers observers) throws Exception {
        GatewaySettings settings = new GatewaySettings("127.0.0.1", 0, 2, "gw-test", List.of(), URI.create(feedUrl),
                Optional.of(TestFeed.TOKEN), publicKey, dataDir, Duration.ofSeconds(60), Duration.ofMillis(50),
                Duration.ofMillis(500), List.of(), GatewaySettings.Traffic.DEFAULT);
        return new RunningGateway(Gateway.start(vertx, settings, TrustedProxies.NONE, observers).toCompletionStage()
                .toCompletableFuture().get(30, TimeUnit.SECONDS));
    }

    /** A gateway counting rate limits in {@code counters} (a test's own Redis key prefix, or its own Redis). */
    public static RunningGateway start(Vertx vertx, String feedUrl, PublicKey publicKey, Path dataDir,
                                       GatewaySettings.CounterStore counters) throws Exception {
        GatewaySettings settings = new GatewaySettings("127.0.0.1", 0, 2, "gw-test", List.of(), URI.create(feedUrl),
                Optional.of(TestFeed.TOKEN), publicKey, dataDir, Duration.ofSeconds(60), Duration.ofMillis(50),
                Duration.ofMillis(500), List.of(), GatewaySettings.Traffic.DEFAULT, counters);
        return new RunningGateway(Gateway.start(vertx, settings, TrustedProxies.NONE).toCompletionStage()
                .toCompletableFuture().get(30, TimeUnit.SECONDS));
    }

    /** A gateway whose requests {@code observers} watch, remembering announced primitive names in {@code known}. */
    public static RunningGateway start(Vertx vertx, String feedUrl, PublicKey publicKey, Path dataDir,
                                       GatewaySettings.CounterStore counters, RequestObservers observers,
                                       KnownPrimitives known) throws Exception {
        GatewaySettings settings = new GatewaySettings("127.0.0.1", 0, 2, "gw-test", List.of(), URI.create(feedUrl),
                Optional.of(TestFeed.TOKEN), publicKey, dataDir, Duration.ofSeconds(60), Duration.ofMillis(50),
                Duration.ofMillis(500), List.of(), GatewaySettings.Traffic.DEFAULT, counters);
        return new RunningGateway(Gateway.start(vertx, settings, TrustedProxies.NONE, observers, known)
                .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS));
    }

    /** A gateway whose agent listener speaks TLS as {@code tls} says. */
    public static RunningGateway start(Vertx vertx, String feedUrl, PublicKey publicKey, Path dataDir,
                                       ListenerTls tls) throws Exception {
        GatewaySettings settings = new GatewaySettings("127.0.0.1", 0, 2, "gw-test", List.of(), URI.create(feedUrl),
                Optional.of(TestFeed.TOKEN), publicKey, dataDir, Duration.ofSeconds(60), Duration.ofMillis(50),
                Duration.ofMillis(500), List.of(), GatewaySettings.Traffic.DEFAULT).withTls(tls);
        return new RunningGateway(Gateway.start(vertx, settings).toCompletionStage().toCompletableFuture()
                .get(30, TimeUnit.SECONDS), settings.tls().scheme());
    }

    /** The settings every {@code start} variant begins with: feed {@code feedUrl}, fast reconnects, 60 s resync. */
    public static GatewaySettings settings(String feedUrl, PublicKey publicKey, Path dataDir) {
        return settings("gw-test", List.of(feedUrl), publicKey, dataDir);
    }

    /** Same, for gateway {@code gatewayId} given the control planes {@code feedUrls}. */
    public static GatewaySettings settings(String gatewayId, List<String> feedUrls, PublicKey publicKey,
                                           Path dataDir) {
        return new GatewaySettings("127.0.0.1", 0, 2, gatewayId, List.of(), URI.create(feedUrls.get(0)),
                Optional.of(TestFeed.TOKEN), publicKey, dataDir, Duration.ofSeconds(60), Duration.ofMillis(50),
                Duration.ofMillis(500), List.of(), GatewaySettings.Traffic.DEFAULT)
                .withControlPlaneUrls(feedUrls.stream().map(URI::create).toList());
    }

    /** A gateway started with {@code settings} as they are. */
    public static RunningGateway start(Vertx vertx, GatewaySettings settings) throws Exception {
        return new RunningGateway(Gateway.start(vertx, settings).toCompletionStage().toCompletableFuture()
                .get(30, TimeUnit.SECONDS), settings.tls().scheme());
    }

    /** A gateway started with {@code settings} and the operator plugins {@code plugins}. */
    public static RunningGateway start(Vertx vertx, GatewaySettings settings, InstalledPlugins plugins)
            throws Exception {
        return new RunningGateway(Gateway.start(vertx, settings, TrustedProxies.NONE, RequestObservers.NONE,
                new KnownPrimitives(), plugins).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS));
    }

    public Gateway gateway() {
        return gateway;
    }

    public String baseUrl() {
        return scheme + "://127.0.0.1:" + gateway.port();
    }

    /** The applied snapshot version, or -1 before the first one. */
    public long version() {
        var runtime = gateway.runtime();
        return runtime == null ? -1 : runtime.version();
    }

    @Override
    public void close() throws Exception {
        gateway.stop().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
