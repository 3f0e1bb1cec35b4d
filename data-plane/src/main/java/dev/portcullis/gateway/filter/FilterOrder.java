package dev.portcullis.gateway.filter;

import dev.portcullis.gateway.filter.acl.AccessControlFilter;
import dev.portcullis.gateway.filter.auth.AuthTokenFilter;
import dev.portcullis.gateway.filter.auth.AuthenticationFilter;
import dev.portcullis.gateway.filter.auth.RequiredScopesFilter;
import dev.portcullis.gateway.filter.auth.TokenServices;
import dev.portcullis.gateway.filter.circuit.CircuitBreakerFilter;
import dev.portcullis.gateway.filter.circuit.CircuitBreakers;
import dev.portcullis.gateway.filter.discovery.DiscoveryFilter;
import dev.portcullis.gateway.filter.headers.ParamHeaderFilter;
import dev.portcullis.gateway.filter.input.InputRequiredFilter;
import dev.portcullis.gateway.filter.mock.MockResponseFilter;
import dev.portcullis.gateway.filter.ratelimit.RateLimitFilter;
import dev.portcullis.gateway.filter.ratelimit.RateLimiter;
import dev.portcullis.gateway.filter.session.SessionBindingFilter;
import dev.portcullis.gateway.filter.transform.HeaderTransformFilter;
import dev.portcullis.gateway.observe.KnownPrimitives;
import dev.portcullis.gateway.request.RouteSizeLimitFilter;
import java.time.Clock;
import java.util.List;

/**
 * The one place that fixes the order of the filter chain (SPEC section 3): authenticate, then authorise, then
 * count limits, then transform headers, then pass the circuit breaker. Discovery filtering only acts on the
 * response, so its place on the request side does not matter beyond coming after authorisation. New concerns are
 * inserted here, nowhere else.
 */
public final class FilterOrder {

    private FilterOrder() {
    }

    /**
     * A new chain for one event loop; filters may hold per-event-loop resources.
     *
     * <p>The per-route size limit comes first (SPEC step 1, before authentication). Session ids are checked right
     * after authentication (step 11), so a session used by another consumer goes no further. Rate limits and quotas are
     * counted after authorisation (a denied request consumes nothing), then a mock response may answer. The circuit
     * breaker is last: once it admitted a call, only the forwarder may end the request, and it settles the
     * admission with the upstream's outcome.
     *
     * @param limiter  the gateway's rate limiter (Redis counters, local fallback), shared by every event loop
     * @param breakers the gateway's circuit breakers, shared by every event loop
     * @param known    the primitive names upstream list answers announced, shared by every event loop
     */
    public static FilterChain chain(Clock clock, TokenServices tokens, RateLimiter limiter,
                                    CircuitBreakers breakers, KnownPrimitives known) {
        return new FilterChain(List.of(
                new RouteSizeLimitFilter(),
                new AuthenticationFilter(new AuthTokenFilter(clock), tokens),
                new SessionBindingFilter(clock),
                new RequiredScopesFilter(),
                new AccessControlFilter(),
                new ParamHeaderFilter(known),
                new RateLimitFilter(limiter, clock),
                new MockResponseFilter(),
                new DiscoveryFilter(known),
                new InputRequiredFilter(),
                new HeaderTransformFilter(),
                new CircuitBreakerFilter(breakers)));
    }
}
