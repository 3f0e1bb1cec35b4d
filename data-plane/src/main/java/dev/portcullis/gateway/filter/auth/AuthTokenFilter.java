package dev.portcullis.gateway.filter.auth;

import dev.portcullis.gateway.error.GatewayErrors;
import dev.portcullis.gateway.runtime.ConsumerIdentity;
import dev.portcullis.gateway.filter.FilterContext;
import dev.portcullis.gateway.filter.FilterResult;
import dev.portcullis.gateway.filter.McpExchange;
import dev.portcullis.gateway.filter.McpFilter;
import dev.portcullis.model.key.KeyEntry;
import io.vertx.core.Future;
import java.time.Clock;
import java.util.List;

/**
 * Authenticates agents by key: the token comes from the proxy's {@code authToken.header} ({@code Bearer } prefix
 * optional), its SHA-256 is looked up in the snapshot's key index. Revoked keys are absent from snapshots, so they
 * fail like unknown ones. The token is never logged nor echoed. A key bound to client certificates is accepted only on a TLS connection whose client certificate is one of them.
 *
 * <p>Fails closed: a proxy that enables authentication only through methods not implemented yet (JWT,
 * introspection) refuses every request with {@code auth_method_unavailable} instead of letting it through.
 */
public record AuthTokenFilter(Clock clock) implements McpFilter {

    private static final String BEARER = "bearer ";

    @Override
    public boolean appliesTo(FilterContext context) {
        return context.proxy().credentialHeader() != null || context.proxy().authMethodUnavailable();
    }

    @Override
    public Future<FilterResult> onRequest(McpExchange exchange, FilterContext context) {
        if (context.proxy().credentialHeader() == null) {
            return FilterResult.reject(GatewayErrors.authMethodUnavailable());
        }
        List<String> values = exchange.request().headers().getAll(context.proxy().credentialHeader());
        if (values.size() > 1) {
            return FilterResult.reject(GatewayErrors.multipleCredentials());
        }
        String token = values.isEmpty() ? "" : token(values.get(0));
        if (token.isEmpty()) {
            return FilterResult.reject(GatewayErrors.missingCredential());
        }
        KeyEntry key = context.runtime().keys().find(KeyHasher.hash(token));
        if (key == null) {
            return FilterResult.reject(GatewayErrors.unknownKey());
        }
        if (key.isExpired(clock.instant())) {
            return FilterResult.reject(GatewayErrors.expiredKey());
        }
        if (key.boundToCertificate()) {
            String presented = ClientCertificate.fingerprint(exchange.request());
            if (presented == null) {
                return FilterResult.reject(GatewayErrors.certificateRequired());
            }
            if (!key.certificateFingerprints().contains(presented)) {
                return FilterResult.reject(GatewayErrors.certificateMismatch());
            }
        }
        if (!context.runtime().access().reaches(key, context.proxy().id())) {
            return FilterResult.reject(GatewayErrors.proxyNotAllowed());
        }
        context.authenticate(new ConsumerIdentity(key.id(), key.alias(), key.policies()));
        return FilterResult.proceed();
    }

    /** The credential without an optional, case-insensitive {@code Bearer } prefix. */
    static String token(String headerValue) {
        String value = headerValue.strip();
        if (value.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            value = value.substring(BEARER.length()).strip();
        }
        return value;
    }
}
