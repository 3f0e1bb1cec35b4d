package dev.portcullis.gateway.filter.auth;

import dev.portcullis.gateway.error.GatewayError;
import dev.portcullis.gateway.error.GatewayErrors;
import dev.portcullis.gateway.filter.FilterContext;
import dev.portcullis.gateway.filter.FilterResult;
import dev.portcullis.gateway.filter.McpExchange;
import dev.portcullis.gateway.filter.McpFilter;
import dev.portcullis.gateway.filter.auth.prm.PublicOrigin;
import dev.portcullis.gateway.runtime.CompiledProxy;
import dev.portcullis.gateway.runtime.OAuthRules;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Authenticates every request of a proxy with authentication enabled, choosing the method per request
 * ({@link CredentialMethod}): Portcullis keys are handed to {@link AuthTokenFilter}, bearer tokens are verified as
 * JWT or introspected ({@link TokenAuthenticator}). Every 401 carries a {@code WWW-Authenticate} challenge; with
 * Protected Resource Metadata on it names the metadata URL and the supported scopes (RFC 9728 section 5.1).
 *
 * <p>JWKS fetches and introspection calls are shared by all event loops and may complete on another one; their
 * results are handed back to the request's own event loop before the filter context is touched.
 */
public final class AuthenticationFilter implements McpFilter {

    private static final String BEARER = "bearer ";

    private final AuthTokenFilter keys;
    private final TokenAuthenticator tokens;
    private final TokenServices services;

    public AuthenticationFilter(AuthTokenFilter keys, TokenServices services) {
        this.keys = keys;
        this.tokens = new TokenAuthenticator(services);
        this.services = services;
    }


    @Override
    public boolean appliesTo(FilterContext context) {
        // A member leg's agent authenticated at the virtual server (its ticket's identity is the consumer).
        return context.leg() == null && context.proxy().definition().authentication().enabled();
    }

    @Override
    public Future<FilterResult> onRequest(McpExchange exchange, FilterContext context) {
        CompiledProxy proxy = context.proxy();
        OAuthRules rules = proxy.oauth();
        if (context.settings().ignoreAuthentication()) {
            return anonymous(exchange, rules);
        }
        Future<FilterResult> result = rules.tokensEnabled() ? authenticate(exchange, context, proxy, rules)
                : keys.onRequest(exchange, context);
        if (!rules.tokensEnabled() && !rules.metadataEnabled()) {
            return result;
        }
        return result.map(outcome -> withChallenge(outcome, exchange, proxy));
    }

    private Future<FilterResult> authenticate(McpExchange exchange, FilterContext context, CompiledProxy proxy,
                                              OAuthRules rules) {
        String keyHeader = proxy.credentialHeader();
        boolean keysInAuthorization = keyHeader != null && "authorization".equalsIgnoreCase(keyHeader);
        if (keyHeader != null && !keysInAuthorization && exchange.request().headers().contains(keyHeader)) {
            // A bearer token sent beside the key is the agent's credential too: it never goes upstream.
            exchange.request().headers().getAll("Authorization").forEach(value -> stripToken(exchange, value));
            return keys.onRequest(exchange, context);
        }
        List<String> values = exchange.request().headers().getAll("Authorization");
        if (values.size() > 1) {
            return FilterResult.reject(GatewayErrors.multipleCredentials());
        }
        String token = values.isEmpty() ? "" : bearer(values.get(0));
        if (token.isEmpty()) {
            return keyHeader != null && !keysInAuthorization ? keys.onRequest(exchange, context)
                    : FilterResult.reject(GatewayErrors.missingCredential());
        }
        PublicOrigin origin = PublicOrigin.of(exchange.request(), services.trustedProxies());
        Future<TokenAuthenticator.Outcome> outcome = switch (CredentialMethod.select(token, rules,
                keysInAuthorization)) {
            case KEY -> null;
            case JWT -> tokens.jwt(token, proxy, origin);
            case INTROSPECTION -> tokens.introspect(token, proxy, origin);
            case NONE -> Future.succeededFuture(new TokenAuthenticator.Outcome.Refused(
                    GatewayErrors.unsupportedCredential()));
        };
        if (outcome == null) {
            return keys.onRequest(exchange, context);
        }
        return onCallerLoop(outcome).map(done -> {
            if (done instanceof TokenAuthenticator.Outcome.Authenticated authenticated) {
                context.authenticate(authenticated.consumer());
                stripToken(exchange, values.get(0));
                return FilterResult.CONTINUE;
            }
            return new FilterResult.Reject(((TokenAuthenticator.Outcome.Refused) done).error());
        });
    }

    /**
     * {@code ignoreAuthentication} on the route's primitive or operation: the caller stays anonymous (only the
     * proxy's own rules apply to it, no policy and no per-consumer limit can), and a bearer token it sent anyway is
     * still not forwarded (the key header is stripped by the forwarding rules).
     */
    private static Future<FilterResult> anonymous(McpExchange exchange, OAuthRules rules) {
        if (rules.tokensEnabled()) {
            for (String value : exchange.request().headers().getAll("Authorization")) {
                stripToken(exchange, value);
            }
        }
        return FilterResult.proceed();
    }

    /**
     * The agent's token is never sent upstream. ForwardHeaders strips only the key header, and an upstream
     * credential configured under {@code Authorization} replaced the agent's value already: only the agent's own
     * value is removed.
     */
    private static void stripToken(McpExchange exchange, String agentValue) {
        if (agentValue.equals(exchange.upstreamHeaders().get("Authorization"))) {
            exchange.upstreamHeaders().remove("Authorization");
        }
    }

    /** Replaces the challenge of a 401 with one naming the metadata URL and scopes (when PRM is on). */
    private FilterResult withChallenge(FilterResult outcome, McpExchange exchange, CompiledProxy proxy) {
        if (!(outcome instanceof FilterResult.Reject reject) || reject.error().httpStatus() != 401) {
            return outcome;
        }
        GatewayError error = reject.error();
        StringBuilder challenge = new StringBuilder("Bearer realm=\"portcullis\"");
        OAuthRules rules = proxy.oauth();
        if (rules.metadataEnabled()) {
            PublicOrigin origin = PublicOrigin.of(exchange.request(), services.trustedProxies());
            challenge.append(", resource_metadata=\"").append(origin.metadataUrl(proxy.listenPath())).append('"');
            if (rules.challengeScope() != null) {
                challenge.append(", scope=\"").append(rules.challengeScope()).append('"');
            }
        }
        if (!"missing_credential".equals(error.reason())) {
            challenge.append(", error=\"invalid_token\"");
        }
        Map<String, String> headers = new HashMap<>(error.headers());
        headers.put("WWW-Authenticate", challenge.toString());
        return new FilterResult.Reject(new GatewayError(error.httpStatus(), error.code(), error.message(),
                error.reason(), headers));
    }

    /** The credential after a case-insensitive {@code Bearer } prefix (optional, as for keys). */
    static String bearer(String headerValue) {
        String value = headerValue.strip();
        if (value.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            value = value.substring(BEARER.length()).strip();
        }
        return value;
    }

    /** A future completed on the calling event loop, whichever thread completes {@code future}. */
    private static <T> Future<T> onCallerLoop(Future<T> future) {
        Context caller = Vertx.currentContext();
        if (future.isComplete() || caller == null) {
            return future;
        }
        Promise<T> promise = Promise.promise();
        future.onComplete(done -> {
            if (Vertx.currentContext() == caller) {
                promise.handle(done);
            } else {
                caller.runOnContext(v -> promise.handle(done));
            }
        });
        return promise.future();
    }
}
