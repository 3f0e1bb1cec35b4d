package dev.portcullis.gateway.request;

import dev.portcullis.gateway.error.GatewayErrors;
import dev.portcullis.gateway.filter.FilterContext;
import dev.portcullis.gateway.filter.FilterResult;
import dev.portcullis.gateway.filter.McpExchange;
import dev.portcullis.gateway.filter.McpFilter;
import io.vertx.core.Future;

/**
 * Enforces a per-primitive or per-operation {@code requestSizeLimit} (413, -32600, {@code body_too_large}). The
 * body was read under the proxy's largest limit (see {@code CompiledProxy.requestSizeLimit}); which limit applies
 * is only known once the body is parsed and routed, so this check runs first in the chain, before authentication.
 */
public final class RouteSizeLimitFilter implements McpFilter {

    @Override
    public String name() {
        return "request-size-limit";
    }

    @Override
    public boolean appliesTo(FilterContext context) {
        return context.proxy().middleware().largestSizeLimit() > 0;
    }

    @Override
    public Future<FilterResult> onRequest(McpExchange exchange, FilterContext context) {
        long limit = context.proxy().requestSizeLimit(context.settings());
        if (exchange.body().length() > limit) {
            return FilterResult.reject(GatewayErrors.bodyTooLarge(limit));
        }
        return FilterResult.proceed();
    }
}
