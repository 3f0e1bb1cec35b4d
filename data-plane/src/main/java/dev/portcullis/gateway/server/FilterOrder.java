package dev.portcullis.gateway.server;

import dev.portcullis.gateway.filter.Check;
import dev.portcullis.gateway.filter.FilterChain;
import dev.portcullis.gateway.filter.acl.AccessControlFilter;
import dev.portcullis.gateway.filter.acl.ServerRequestFilter;
import dev.portcullis.gateway.filter.auth.AuthTokenFilter;
import dev.portcullis.gateway.filter.auth.AuthenticationFilter;
import dev.portcullis.gateway.filter.auth.RequiredScopesFilter;
import dev.portcullis.gateway.filter.circuit.CircuitBreakerFilter;
import dev.portcullis.gateway.filter.cors.CorsFilter;
import dev.portcullis.gateway.filter.discovery.DiscoveryFilter;
import dev.portcullis.gateway.filter.headers.ParamHeaderFilter;
import dev.portcullis.gateway.filter.input.InputRequiredFilter;
import dev.portcullis.gateway.filter.mock.MockResponseFilter;
import dev.portcullis.gateway.filter.plugin.PluginStep;
import dev.portcullis.gateway.filter.pinning.PinningFilter;
import dev.portcullis.gateway.filter.ratelimit.RateLimitFilter;
import dev.portcullis.gateway.filter.session.SessionBindingFilter;
import dev.portcullis.gateway.filter.transform.BodyTransformFilter;
import dev.portcullis.gateway.filter.transform.HeaderTransformFilter;
import dev.portcullis.gateway.filter.AnswerRecorder;
import dev.portcullis.gateway.proxy.UpstreamForwarder;
import dev.portcullis.gateway.virtual.VirtualDispatcher;
import dev.portcullis.model.proxy.PluginEntry;
import java.util.List;

/**
 * The one place that fixes the gateway's pipeline: every step an agent request takes, in order,
 * from its arrival to forwarding; the response head and every message of the body then walk the same steps
 * backward (see {@link dev.portcullis.gateway.filter.McpFilter}). New concerns are inserted here, nowhere else.
 *
 * <p>In order:
 * <ol>
 *   <li>Arrival: a safe path, the protected resource metadata (answered here), the listen path (which picks the
 *       proxy), CORS (preflights answered here, headers added to every answer), the HTTP method, the Origin, the
 *       body (size-limited), the revision and JSON-RPC routing, the standard headers against the body, then the
 *       route's own size limit. Operator plugins placed {@code beforeAuth} run here.</li>
 *   <li>Identity: authentication, then the session id opened and bound to the consumer, then required scopes.</li>
 *   <li>Authorisation: the request's method and primitive; on the way back, the upstream's requests to the agent
 *       and notifications about primitives the caller may not see. Then the {@code Mcp-Param-*} headers the
 *       called tool declares, against its arguments. Then tool pinning: calls to a primitive whose definition
 *       changed since an administrator approved it are held; on the way back, list answers are compared with the
 *       approved definitions (changes reported, and hidden under {@code enforce}).</li>
 *   <li>Rate limits and quotas (a denied request consumes nothing).</li>
 *   <li>Answers rewritten for the caller: discovery (lists, {@code initialize}, {@code server/discover}) and
 *       {@code input_required} results; then header transforms, then body transforms (which
 *       mirror edited arguments into the {@code Mcp-Param-*} headers).</li>
 *   <li>Operator plugins: first those placed {@code response} (they only read answers, so they see the answers of
 *       the steps below too), then those placed {@code afterAuth}; a plugin may answer here (a virtual endpoint).
 *       Then a mock response may answer: these answers go back through every step above, like an upstream's.</li>
 *   <li>What the answer said is recorded for analytics, then the circuit breaker (last: once it admitted a call,
 *       only forwarding may end the request, and it settles the admission), then forwarding, which relays the
 *       answer back through the steps above. A virtual server's request goes to its members instead (the
 *       virtual dispatcher): each member leg walks this same pipeline as the member proxy, over the gateway's
 *       loopback listener, and its answer comes back through the virtual server's steps above.</li>
 * </ol>
 */
public final class FilterOrder {

    private FilterOrder() {
    }

    /** A new pipeline for one event loop; steps may hold per-event-loop resources. */
    public static FilterChain pipeline(GatewayServices services) {
        Arrival arrival = new Arrival(services.vertx(), services.ownOrigins(), services.bodyTimeoutMs(),
                services.metadata(), services.known());
        return new FilterChain(List.of(
                Check.always("safe-path", Arrival::safePath),
                new Step("resource-metadata", arrival::resourceMetadata),
                Check.always("listen-path", Arrival::listenPath),
                new CorsFilter(),
                Check.always("http-method", Arrival::httpMethod),
                Check.always("origin", arrival::origin),
                new Step("body", arrival::body),
                Check.always("route", arrival::route),
                Check.always("standard-headers", Arrival::standardHeaders),
                new Check("route-size-limit", context -> context.proxy().middleware().largestSizeLimit() > 0,
                        Arrival::routeSizeLimit),
                new PluginStep(PluginEntry.BEFORE_AUTH),
                new AuthenticationFilter(new AuthTokenFilter(services.clock()), services.tokens()),
                new SessionBindingFilter(services.clock()),
                new RequiredScopesFilter(),
                new AccessControlFilter(),
                new ServerRequestFilter(),
                new ParamHeaderFilter(services.known()),
                new PinningFilter(services.pins()),
                new RateLimitFilter(services.limiter(), services.clock()),
                new DiscoveryFilter(services.known()),
                new InputRequiredFilter(),
                new HeaderTransformFilter(),
                new BodyTransformFilter(services.known()),
                new PluginStep(PluginEntry.RESPONSE),
                new PluginStep(PluginEntry.AFTER_AUTH),
                new MockResponseFilter(),
                new AnswerRecorder(),
                new CircuitBreakerFilter(services.breakers()),
                new VirtualDispatcher(services.legs(), services.legClient()),
                new UpstreamForwarder(services.vertx(), services.upstreamClient(), services.upstreamTokens(),
                        services.addressGuard())));
    }
}
