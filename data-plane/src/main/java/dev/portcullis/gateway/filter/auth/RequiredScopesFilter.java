package dev.portcullis.gateway.filter.auth;

import dev.portcullis.gateway.error.GatewayErrors;
import dev.portcullis.gateway.runtime.ConsumerIdentity;
import dev.portcullis.gateway.filter.FilterContext;
import dev.portcullis.gateway.filter.FilterResult;
import dev.portcullis.gateway.filter.McpExchange;
import dev.portcullis.gateway.filter.McpFilter;
import io.vertx.core.Future;
import java.util.Set;

/**
 * Enforces {@code requiredScopes} of the matched primitive and JSON-RPC method for OAuth token consumers: a token
 * missing one gets 403, -32002, {@code insufficient_scope}, with {@code WWW-Authenticate: Bearer
 * error="insufficient_scope", scope="<required>"} so a client can step up (RFC 6750 section 3.1). Key consumers
 * carry no scopes; their access is governed by policies.
 */
public final class RequiredScopesFilter implements McpFilter {


    @Override
    public boolean appliesTo(FilterContext context) {
        ConsumerIdentity consumer = context.consumer();
        return consumer != null && consumer.isToken();
    }

    @Override
    public Future<FilterResult> onRequest(McpExchange exchange, FilterContext context) {
        Set<String> required = context.proxy().oauth().requiredScopes().forRoute(context.route());
        if (required.isEmpty() || context.consumer().scopes().containsAll(required)) {
            return FilterResult.proceed();
        }
        return FilterResult.reject(GatewayErrors.insufficientScope(String.join(" ", required)));
    }
}
