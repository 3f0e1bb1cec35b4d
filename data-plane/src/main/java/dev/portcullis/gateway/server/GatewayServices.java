package dev.portcullis.gateway.server;

import dev.portcullis.gateway.runtime.virtual.LegTickets;
import dev.portcullis.gateway.filter.auth.TokenServices;
import dev.portcullis.gateway.filter.auth.prm.MetadataEndpoint;
import dev.portcullis.gateway.filter.circuit.CircuitBreakers;
import dev.portcullis.gateway.filter.pinning.PinWatch;
import dev.portcullis.gateway.filter.ratelimit.RateLimiter;
import dev.portcullis.gateway.observe.KnownPrimitives;
import dev.portcullis.gateway.proxy.UpstreamAddressGuard;
import dev.portcullis.gateway.upstream.ClientCredentialsTokens;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import java.time.Clock;

/**
 * The services the pipeline's steps share, in one place: {@link FilterOrder} hands each step what it uses. The
 * upstream client and the address guard belong to one event loop; everything else is shared by all of them.
 *
 * @param bodyTimeoutMs how long an agent may take to send its body
 * @param known         what upstreams announced (primitive names, protocol versions)
 * @param upstreamTokens OAuth client-credentials tokens for upstreams that need them
 * @param pins          the definitions upstreams listed, and the reporter of changes to pinned ones
 * @param legs          the member legs of virtual servers in flight, and the loopback port they go to
 * @param legClient     the HTTP client of member legs (a pool of its own, apart from upstreams')
 */
public record GatewayServices(Vertx vertx, Clock clock, TokenServices tokens, RateLimiter limiter,
                              CircuitBreakers breakers, KnownPrimitives known, OwnOrigins ownOrigins,
                              long bodyTimeoutMs, MetadataEndpoint metadata, HttpClient upstreamClient,
                              ClientCredentialsTokens upstreamTokens, UpstreamAddressGuard addressGuard,
                              PinWatch pins, LegTickets legs, HttpClient legClient) {
}
