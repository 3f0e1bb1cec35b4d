package dev.portcullis.gateway.server;

import dev.portcullis.gateway.observe.KnownPrimitives;
import dev.portcullis.gateway.observe.RequestObservers;
import dev.portcullis.gateway.config.GatewaySettings;
import dev.portcullis.gateway.config.ListenerTls;
import dev.portcullis.gateway.filter.ratelimit.RateLimiter;
import dev.portcullis.gateway.filter.auth.TokenServices;
import dev.portcullis.gateway.filter.circuit.CircuitBreakers;
import dev.portcullis.gateway.filter.pinning.PinWatch;
import dev.portcullis.gateway.filter.auth.prm.MetadataEndpoint;
import dev.portcullis.gateway.proxy.UpstreamAddressGuard;
import dev.portcullis.gateway.proxy.UpstreamClient;
import dev.portcullis.gateway.runtime.GatewayRuntime;
import dev.portcullis.gateway.runtime.virtual.LegTickets;
import dev.portcullis.gateway.filter.FilterChain;
import dev.portcullis.gateway.upstream.ClientCredentialsTokens;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.Promise;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One agent-facing server and one upstream client per event loop: deployed once per event loop, all instances
 * listen on the same port and Vert.x spreads connections over them. No idle or write timeout on agent
 * connections, so long-lived SSE streams are never cut by the gateway. HTTP/2 cleartext upgrades are refused:
 * agents speak HTTP/1.1 to a plain listener (h2c upgrades made early errors close the upgraded connection with
 * GOAWAY). A TLS listener ({@link ListenerTls}) offers HTTP/2 and HTTP/1.1 by ALPN.
 */
public final class GatewayVerticle extends AbstractVerticle {

    /** Loopback connections for member legs per event loop: far more than agents can hold open on one. */
    private static final int MAX_LEG_CONNECTIONS = 65_536;

    private final String host;
    private final int port;
    private final AtomicReference<GatewayRuntime> runtime;
    private final OwnOrigins ownOrigins;
    private final GatewaySettings.Traffic traffic;
    private final ClientCredentialsTokens tokens;
    private final TokenServices tokenServices;
    private final RateLimiter limiter;
    private final CircuitBreakers breakers;
    private final RequestObservers observers;
    private final String gatewayId;
    private final KnownPrimitives known;
    private final ListenerTls tls;
    private final PinWatch pins;
    private final LegTickets legs;

    public GatewayVerticle(String host, int port, AtomicReference<GatewayRuntime> runtime, OwnOrigins ownOrigins,
                           GatewaySettings.Traffic traffic, ClientCredentialsTokens tokens,
                           TokenServices tokenServices, RateLimiter limiter, CircuitBreakers breakers,
                           RequestObservers observers, String gatewayId, KnownPrimitives known, ListenerTls tls,
                           PinWatch pins, LegTickets legs) {
        this.legs = legs;
        this.pins = pins;
        this.tls = tls;
        this.observers = observers;
        this.known = known;
        this.gatewayId = gatewayId;
        this.host = host;
        this.port = port;
        this.runtime = runtime;
        this.ownOrigins = ownOrigins;
        this.traffic = traffic;
        this.tokens = tokens;
        this.tokenServices = tokenServices;
        this.limiter = limiter;
        this.breakers = breakers;
    }

    /** The upstream client of this event loop ({@link UpstreamClient}). */
    private HttpClient client(int poolSize) {
        return UpstreamClient.create(vertx, poolSize, traffic.upstreamKeepAlive());
    }

    @Override
    public void start(Promise<Void> started) {
        HttpClient client = client(traffic.upstreamPoolSize());
        // Member legs have a client of their own: every leg of every virtual server goes to the one loopback
        // address, so in the upstream pool the legs agents hold open (GET streams, a leg per member) would soon take
        // every connection and leave each other leg of this event loop waiting. Legs are bounded by the agents' own
        // connections; each member's upstream traffic still queues in the upstream pool, as direct traffic does.
        HttpClient legClient = client(MAX_LEG_CONNECTIONS);
        GatewayServices services = new GatewayServices(vertx, Clock.systemUTC(), tokenServices, limiter, breakers,
                known, ownOrigins, traffic.bodyReadTimeout().toMillis(),
                new MetadataEndpoint(tokenServices.trustedProxies()), client, tokens,
                UpstreamAddressGuard.of(vertx, traffic.upstreamAddresses()), pins, legs, legClient);
        FilterChain pipeline = FilterOrder.pipeline(services);
        AgentRequestHandler handler = new AgentRequestHandler(vertx, runtime, pipeline, observers, gatewayId,
                services.bodyTimeoutMs(), null);
        // Member legs of virtual servers: plain HTTP on 127.0.0.1 only, served by the same pipeline.
        HttpServer loopback = vertx.createHttpServer(new HttpServerOptions()
                .setHost("127.0.0.1")
                .setPort(legs.port())
                .setIdleTimeout(0)
                .setHttp2ClearTextEnabled(false)
                .setCompressionSupported(false));
        loopback.requestHandler(new AgentRequestHandler(vertx, runtime, pipeline, observers, gatewayId,
                services.bodyTimeoutMs(), legs));
        HttpServer server = vertx.createHttpServer(tls.applyTo(new HttpServerOptions()
                .setHost(host)
                .setPort(port)
                .setIdleTimeout(0)
                .setHttp2ClearTextEnabled(false)
                .setCompressionSupported(false)
                // No WebSocket is served: without compression extensions Vert.x leaves out the pipeline handler
                // that looked at every request and response for a WebSocket handshake.
                .setPerFrameWebSocketCompressionSupported(false)
                .setPerMessageWebSocketCompressionSupported(false)));
        observers.eventLoopStarted();
        server.requestHandler(handler).listen().compose(listening -> loopback.listen()).<Void>mapEmpty()
                .onComplete(started);
    }
}
