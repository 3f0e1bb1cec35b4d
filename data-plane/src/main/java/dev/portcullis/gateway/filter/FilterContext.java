package dev.portcullis.gateway.filter;

import dev.portcullis.gateway.runtime.ConsumerIdentity;
import dev.portcullis.gateway.filter.circuit.BreakerCall;
import dev.portcullis.gateway.filter.plugin.PluginRequestView;
import dev.portcullis.gateway.filter.ratelimit.LimitHeaders;
import dev.portcullis.gateway.observe.RequestFacts;
import dev.portcullis.gateway.observe.RequestObservation;
import dev.portcullis.gateway.request.McpRoute;
import dev.portcullis.gateway.request.RouteSettings;
import dev.portcullis.gateway.request.Tracking;
import dev.portcullis.gateway.runtime.CompiledProxy;
import dev.portcullis.gateway.runtime.GatewayRuntime;
import dev.portcullis.gateway.runtime.SessionBinding;
import dev.portcullis.gateway.runtime.UpstreamPool;
import dev.portcullis.gateway.runtime.virtual.LegTicket;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Typed state of one request, shared by all steps of the pipeline. The runtime is the snapshot the request started
 * with: it stays the same until the response ends even if a newer snapshot is applied meanwhile.
 *
 * <p>Filled in as the request goes: {@link #proxy()} once the listen path matched, {@link #route()} once the body
 * was parsed (a body-less route before), {@link #consumer()} once authenticated (null when the proxy has
 * authentication disabled). Event-loop confined, like the exchange.
 */
public final class FilterContext implements RequestFacts {

    private final GatewayRuntime runtime;
    private final long startNanos;
    private final List<McpFilter> ran = new ArrayList<>(16);
    private CompiledProxy proxy;
    private String pathRest;
    private McpRoute route = McpRoute.noBody();
    private RouteSettings settings;
    private JsonNode replyId;
    private boolean replyIdSet;
    private boolean bodyRead;
    private UpstreamSession upstreamSession;
    private RequestObservation observation;
    private ConsumerIdentity consumer;
    private BreakerCall breakerCall;
    private boolean resumesStream;
    private Consumer<String> inputRequestDenied;
    private LimitHeaders limitHeaders;
    private String sealedSession;
    private SessionBinding sessionBinding;
    private UpstreamPool.Member upstreamTarget;
    private PluginRequestView pluginRequest;
    private LegTicket leg;
    private String servingMember;

    public FilterContext(GatewayRuntime runtime, long startNanos) {
        this.runtime = Objects.requireNonNull(runtime, "runtime");
        this.startNanos = startNanos;
    }

    /** A context whose proxy and route are known already (tests, and requests the gateway makes itself). */
    public FilterContext(GatewayRuntime runtime, CompiledProxy proxy, McpRoute route, long startNanos) {
        this(runtime, startNanos);
        proxy(proxy, "");
        routed(route);
    }

    public GatewayRuntime runtime() {
        return runtime;
    }

    /** The proxy whose listen path the request matched; null before. */
    public CompiledProxy proxy() {
        return proxy;
    }

    /** The path after the proxy's listen path, which goes upstream. */
    public String pathRest() {
        return pathRest;
    }

    public void proxy(CompiledProxy matched, String rest) {
        this.proxy = Objects.requireNonNull(matched, "matched");
        this.pathRest = Objects.requireNonNull(rest, "rest");
    }

    public McpRoute route() {
        return route;
    }

    /** The request was parsed (or has no body): its route, and the middleware of that route, are now known. */
    public void routed(McpRoute parsed) {
        this.route = Objects.requireNonNull(parsed, "parsed");
        this.settings = proxy.middleware().resolve(parsed);
    }

    /** The id a gateway error answers with: the one set by {@link #replyId(JsonNode)}, else the route's. */
    public JsonNode replyId() {
        return replyIdSet ? replyId : route.id();
    }

    /** The id to echo when the request is refused before it could be routed (read from a body that failed). */
    public void replyId(JsonNode id) {
        this.replyId = id;
        this.replyIdSet = true;
    }

    /** True once the agent's body was read: a refusal before that reads and discards it first. */
    public boolean bodyRead() {
        return bodyRead;
    }

    public void markBodyRead() {
        this.bodyRead = true;
    }

    /** The steps whose request hook ran, in order; the response walks them backward. */
    public List<McpFilter> ran() {
        return ran;
    }

    void ran(McpFilter filter) {
        ran.add(filter);
    }

    /** What the gateway records about the request; null for a request the gateway makes itself. */
    public RequestObservation observation() {
        return observation;
    }

    public void observation(RequestObservation recorded) {
        this.observation = recorded;
    }

    /** Where answers to the upstream's requests go, once the request was sent upstream; null before. */
    public UpstreamSession upstreamSession() {
        return upstreamSession;
    }

    public void upstreamSession(UpstreamSession session) {
        this.upstreamSession = session;
    }

    /** The route's middleware (primitive, then operation), resolved once when the request was routed; null before. */
    public RouteSettings settings() {
        return settings;
    }

    /** {@code track} / {@code doNotTrack} of the route, for analytics. */
    public Tracking tracking() {
        return settings == null ? Tracking.DEFAULT : settings.tracking();
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

    /** The upstream instance the request went to; null until forwarding chose one. */
    public UpstreamPool.Member upstreamTarget() {
        return upstreamTarget;
    }

    public void upstreamTarget(UpstreamPool.Member target) {
        this.upstreamTarget = target;
    }

    /** What operator plugins see of the request, made by the first plugin step it meets; null before. */
    public PluginRequestView pluginRequest() {
        return pluginRequest;
    }

    public void pluginRequest(PluginRequestView view) {
        this.pluginRequest = Objects.requireNonNull(view, "view");
    }

    /**
     * The ticket of a virtual server's member leg this request is (it arrived on the loopback listener); null for
     * an agent's own request.
     */
    public LegTicket leg() {
        return leg;
    }

    /** The request is a member leg: the agent is the ticket's, and the member proxy's own rules apply. */
    public void leg(LegTicket ticket) {
        this.leg = Objects.requireNonNull(ticket, "ticket");
        ConsumerIdentity view = ticket.memberView();
        if (view != null) {
            this.consumer = view;
        }
    }

    /**
     * On a virtual server, the member whose messages are being relayed to the agent (their server requests get
     * that member's ids); null otherwise.
     */
    public String servingMember() {
        return servingMember;
    }

    public void servingMember(String memberId) {
        this.servingMember = memberId;
    }
}
