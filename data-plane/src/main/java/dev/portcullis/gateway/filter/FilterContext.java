package dev.portcullis.gateway.filter;

import dev.portcullis.gateway.filter.circuit.BreakerCall;
import dev.portcullis.gateway.filter.ratelimit.LimitHeaders;
import dev.portcullis.gateway.request.McpRoute;
import dev.portcullis.gateway.request.RouteSettings;
import dev.portcullis.gateway.request.Tracking;
import dev.portcullis.gateway.runtime.CompiledProxy;
import dev.portcullis.gateway.runtime.GatewayRuntime;
import dev.portcullis.gateway.runtime.SessionBinding;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Typed state of one request, shared by all filters. The runtime is the snapshot the request started with: it
 * stays the same until the response ends even if a newer snapshot is applied meanwhile.
 *
 * <p>Event-loop confined, like the exchange. {@link #consumer()} is null until an authentication filter sets it
 * (and stays null when the proxy has authentication disabled).
 */
public final class FilterContext {

    private final GatewayRuntime runtime;
    private final CompiledProxy proxy;
    private final McpRoute route;
    private final long startNanos;
    private final RouteSettings settings;
    private ConsumerIdentity consumer;
    private BreakerCall breakerCall;
    private boolean resumesStream;
    private Consumer<String> inputRequestDenied;
    private LimitHeaders limitHeaders;
    private String sealedSession;
    private SessionBinding sessionBinding;

    public FilterContext(GatewayRuntime runtime, CompiledProxy proxy, McpRoute route, long startNanos) {
        this.runtime = Objects.requireNonNull(runtime, "runtime");
        this.proxy = Objects.requireNonNull(proxy, "proxy");
        this.route = Objects.requireNonNull(route, "route");
        this.startNanos = startNanos;
        this.settings = proxy.middleware().resolve(route);
    }

    public GatewayRuntime runtime() {
        return runtime;
    }

    public CompiledProxy proxy() {
        return proxy;
    }

    public McpRoute route() {
        return route;
    }

    /** The route's middleware (primitive, then operation), resolved once when the request was routed. */
    public RouteSettings settings() {
        return settings;
    }

    /** {@code track} / {@code doNotTrack} of the route, for analytics. */
    public Tracking tracking() {
        return settings.tracking();
    }

    /**
     * The circuit breaker admission of this request, or null when no breaker guards its route. Whoever ends the
     * request (the forwarder) must settle it exactly once, or the breaker would wait for it forever.
     */
    public BreakerCall breakerCall() {
        return breakerCall;
    }

    public void admitBreakerCall(BreakerCall call) {
        this.breakerCall = Objects.requireNonNull(call, "call");
    }

    /** {@link System#nanoTime()} when the request arrived. */
    public long startNanos() {
        return startNanos;
    }

    public ConsumerIdentity consumer() {
        return consumer;
    }

    public void authenticate(ConsumerIdentity identity) {
        this.consumer = Objects.requireNonNull(identity, "identity");
    }

    /**
     * True for a GET carrying {@code Last-Event-ID}: the upstream may replay on it answers to earlier requests
     * (lists included), so discovery filtering must see them.
     */
    public boolean resumesStream() {
        return resumesStream;
    }

    public void markResumedStream() {
        this.resumesStream = true;
    }

    /**
     * True when the answer may be a 2026-07-28 {@code input_required} result whose {@code inputRequests} the
     * caller's method rules govern (set by the input-required filter before forwarding).
     */
    public boolean governsInputRequests() {
        return inputRequestDenied != null;
    }

    /** @param onDenied told the method of each input request the caller's rules removed (counting the denial) */
    public void governInputRequests(Consumer<String> onDenied) {
        this.inputRequestDenied = Objects.requireNonNull(onDenied, "onDenied");
    }

    /** Where removed input requests are reported; null unless {@link #governsInputRequests()}. */
    public Consumer<String> inputRequestDenied() {
        return inputRequestDenied;
    }

    /** The tightest counter the request was counted against, for {@code RateLimit-*} headers; null if none. */
    public LimitHeaders limitHeaders() {
        return limitHeaders;
    }

    public void limitHeaders(LimitHeaders headers) {
        this.limitHeaders = headers;
    }

    /** The session id the agent sent, as sealed; null unless the session binding filter opened one. */
    public String sealedSession() {
        return sealedSession;
    }

    /** What the agent's session id holds; null unless the session binding filter opened one. */
    public SessionBinding sessionBinding() {
        return sessionBinding;
    }

    public void session(String sealed, SessionBinding binding) {
        this.sealedSession = Objects.requireNonNull(sealed, "sealed");
        this.sessionBinding = Objects.requireNonNull(binding, "binding");
    }
}
