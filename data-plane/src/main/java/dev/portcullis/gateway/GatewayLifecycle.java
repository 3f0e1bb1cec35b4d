package dev.portcullis.gateway;

import dev.portcullis.gateway.config.ConfigStaleness;
import dev.portcullis.gateway.config.ControlPlaneUrls;
import dev.portcullis.gateway.config.EventLoops;
import dev.portcullis.gateway.config.GatewayConfig;
import dev.portcullis.gateway.config.GatewaySettings;
import dev.portcullis.gateway.config.TlsFiles;
import dev.portcullis.gateway.filter.auth.prm.TrustedProxies;
import dev.portcullis.gateway.observe.KnownPrimitives;
import dev.portcullis.gateway.observe.RequestObserver;
import dev.portcullis.gateway.observe.RequestObservers;
import dev.portcullis.gateway.observe.accesslog.AccessLogDestination;
import dev.portcullis.gateway.observe.accesslog.AccessLogObserver;
import dev.portcullis.gateway.observe.accesslog.AccessLogWriter;
import dev.portcullis.gateway.observe.analytics.AnalyticsSettings;
import dev.portcullis.gateway.observe.analytics.AnalyticsStats;
import dev.portcullis.gateway.observe.analytics.AnalyticsWriter;
import dev.portcullis.gateway.observe.metrics.MetricNames;
import dev.portcullis.gateway.observe.metrics.MetricsObserver;
import dev.portcullis.gateway.observe.tracing.GatewayTracing;
import dev.portcullis.gateway.sync.FeedPublicKey;
import dev.portcullis.model.plugin.InstalledPlugins;
import dev.portcullis.model.plugin.PluginFolder;
import dev.portcullis.model.proxy.UpstreamAddresses;
import org.jboss.logging.Logger;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.distribution.pause.NoPauseDetector;
import io.netty.util.concurrent.EventExecutor;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import io.vertx.core.impl.VertxInternal;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Starts the {@link Gateway} with Quarkus and stops it on shutdown. A missing or invalid feed public key, or TLS
 * settings that are half there or unreadable, fail the start with a message naming the setting.
 *
 * <p>Request observers, in ADR 0003's order: tracing (first, so the others see the trace id), analytics (its record
 * must reach Redis before anything slower runs), metrics (Micrometer, served on {@code /q/metrics}), the access log. Gauges of the running gateway are bound after it
 * started. On shutdown the gateway stops first, then analytics records still in memory get up to 3 s to reach
 * Redis, then the access log is flushed.
 */
@Singleton
public class GatewayLifecycle {

    private static final Logger LOG = Logger.getLogger(GatewayLifecycle.class);
    private static final long START_TIMEOUT_SECONDS = 60;

    private final GatewayConfig config;
    private final Vertx vertx;
    private final MeterRegistry registry;
    private final GatewayTracing tracing;
    private volatile Gateway gateway;
    private volatile AccessLogWriter accessLog;
    private volatile GatewayGauges gauges;
    private volatile AnalyticsWriter analytics;

    public GatewayLifecycle(GatewayConfig config, Vertx vertx, MeterRegistry registry, GatewayTracing tracing) {
        this.config = config;
        this.vertx = vertx;
        this.registry = registry;
        this.tracing = tracing;
    }

    void onStart(@Observes StartupEvent event) throws Exception {
        GatewaySettings settings = settings(config, eventLoops(vertx));
        KnownPrimitives known = new KnownPrimitives();
        List<RequestObserver> observers = new ArrayList<>();
        observers.add(tracing.observer(settings.gatewayId()));
        AnalyticsSettings analyticsSettings = analyticsSettings(config.analytics());
        if (analyticsSettings.enabled()) {
            // Right after tracing: the XADD must leave before any slower observer work (a first-time meter
            // registration takes milliseconds), so a gateway killed right after answering still delivers it.
            analytics = new AnalyticsWriter(vertx, settings.counters(), analyticsSettings);
            observers.add(analytics);
            bindAnalyticsMetrics(analytics.stats());
        }
        // No pause compensation for the request timers: the default detector runs a thread waking every 100 ms and
        // makes each timer record update a moving average of intervals, on every request.
        registry.config().pauseDetector(new NoPauseDetector());
        observers.add(new MetricsObserver(registry, known, tracing.mcpMetrics()));
        accessLog = AccessLogDestination.parse(config.accessLog()).open();
        if (accessLog != null) {
            observers.add(new AccessLogObserver(accessLog, registry));
        }
        gateway = Gateway.start(vertx, settings, TrustedProxies.parse(config.trustedProxies().orElse(List.of())),
                        new RequestObservers(observers), known, loadPlugins(config.pluginsDir()))
                .toCompletionStage().toCompletableFuture()
                .get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        gauges = GatewayGauges.bind(registry, vertx, gateway, settings.gatewayId());
    }

    private static InstalledPlugins loadPlugins(String folder) {
        InstalledPlugins plugins = PluginFolder.load(Path.of(folder));
        LOG.infof("plugins folder %s: %s", folder, plugins.names().isEmpty() ? "no plugins" : plugins.names());
        return plugins;
    }

    void onStop(@Observes ShutdownEvent event) throws Exception {
        GatewayGauges bound = gauges;
        if (bound != null) {
            bound.close();
        }
        Gateway running = gateway;
        if (running != null) {
            running.stop().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
        AnalyticsWriter analyticsWriter = analytics;
        if (analyticsWriter != null) {
            analyticsWriter.close(Duration.ofSeconds(3)).toCompletionStage().toCompletableFuture()
                    .handle((done, error) -> done).get(10, TimeUnit.SECONDS);
        }
        AccessLogWriter writer = accessLog;
        if (writer != null) {
            writer.close();
        }
    }

    /** The analytics pipeline's counts ({@link AnalyticsStats#NONE} when analytics is disabled). */
    public AnalyticsStats analyticsStats() {
        AnalyticsWriter writer = analytics;
        return writer == null ? AnalyticsStats.NONE : writer.stats();
    }

    /**
     * {@code portcullis_analytics_records_total{outcome=written|dropped}}, {@code portcullis_analytics_buffered} and
     * {@code portcullis_analytics_unconfirmed_answers_total}.
     */
    private void bindAnalyticsMetrics(AnalyticsStats stats) {
        FunctionCounter.builder(MetricNames.ANALYTICS_RECORDS, stats, AnalyticsStats::written)
                .tag("outcome", "written").description("analytics records appended to the Redis stream")
                .register(registry);
        FunctionCounter.builder(MetricNames.ANALYTICS_RECORDS, stats, AnalyticsStats::dropped)
                .tag("outcome", "dropped").description("analytics records dropped: the buffer was full")
                .register(registry);
        Gauge.builder(MetricNames.ANALYTICS_BUFFERED, stats, AnalyticsStats::buffered)
                .description("analytics records waiting in memory for Redis").register(registry);
        FunctionCounter.builder(MetricNames.ANALYTICS_UNCONFIRMED_ANSWERS, stats, AnalyticsStats::unconfirmedAnswers)
                .description("answers released before Redis confirmed their record (the answer hold passed)")
                .register(registry);
    }

    static AnalyticsSettings analyticsSettings(GatewayConfig.Analytics analytics) {
        return new AnalyticsSettings(analytics.enabled(), analytics.streamMaxLength(), analytics.buffer(),
                Duration.ofMillis(analytics.answerHoldMs()));
    }

    /** The running gateway, or null while starting. */
    public Gateway gateway() {
        return gateway;
    }

    /** How many event loops {@code vertx} runs ({@link EventLoops} sizes them). */
    static int eventLoops(Vertx vertx) {
        int loops = 0;
        for (EventExecutor ignored : ((VertxInternal) vertx).getEventLoopGroup()) {
            loops++;
        }
        return Math.max(1, loops);
    }

    /**
     * The settings the gateway starts with; {@code eventLoops}, how many event loops Vert.x runs, is the default
     * number of agent-server instances (one per loop).
     */
    static GatewaySettings settings(GatewayConfig config, int eventLoops) {
        GatewayConfig.Gateway gw = config.gateway();
        return new GatewaySettings(
                config.bindHost(),
                gw.port(),
                gw.instances().orElse(eventLoops),
                gw.id().filter(id -> !id.isBlank()).orElseGet(GatewayLifecycle::hostName),
                gw.tags().orElse(List.of()).stream().map(String::strip).filter(tag -> !tag.isEmpty()).toList(),
                setting(() -> ControlPlaneUrls.parse(config.controlPlaneUrl())),
                gw.token().filter(token -> !token.isBlank()),
                FeedPublicKey.load(config.feed().publicKey(), config.feed().publicKeyFile()),
                Path.of(config.dataDir()),
                Duration.ofSeconds(config.resyncSeconds()),
                GatewaySettings.DEFAULT_RECONNECT_MIN,
                GatewaySettings.DEFAULT_RECONNECT_MAX,
                gw.publicUrl().orElse(List.of()).stream().map(String::strip).filter(url -> !url.isEmpty()).toList(),
                new GatewaySettings.Traffic(gw.upstreamPoolSize(), Duration.ofSeconds(gw.upstreamKeepAliveSeconds()),
                        Duration.ofSeconds(gw.bodyTimeoutSeconds()), upstreamAddresses(config)),
                setting(() -> new GatewaySettings.CounterStore(config.redisUrl(), config.redisKeyPrefix(),
                        Duration.ofMillis(config.redisTimeoutMs()),
                        GatewaySettings.OnRedisFailure.parse(config.onRedisFailure()), config.redisCluster(),
                        config.limitLeasePercent())),
                TlsFiles.load(gw.tls().cert(), gw.tls().key(), gw.tls().clientAuth(), gw.tls().clientCa()),
                setting(() -> ConfigStaleness.parse(config.configStaleAfter(), config.staleConfigReadiness())));
    }

    /** A setting's parser refuses with an {@link IllegalArgumentException} naming it; the start fails with it. */
    private static <T> T setting(Supplier<T> parse) {
        try {
            return parse.get();
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    private static UpstreamAddresses upstreamAddresses(GatewayConfig config) {
        try {
            return UpstreamAddresses.allowing(String.join(",",
                    config.upstreamAllowedPrivateRanges().orElse(List.of())));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("PORTCULLIS_UPSTREAM_ALLOWED_PRIVATE_RANGES: " + e.getMessage(), e);
        }
    }

    private static String hostName() {
        String fromEnv = System.getenv("HOSTNAME");
        if (fromEnv != null && !fromEnv.isBlank()) {
            return fromEnv;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "gateway";
        }
    }
}
