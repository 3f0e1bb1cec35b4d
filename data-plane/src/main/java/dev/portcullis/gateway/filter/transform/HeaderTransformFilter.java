package dev.portcullis.gateway.filter.transform;

import dev.portcullis.gateway.filter.FilterContext;
import dev.portcullis.gateway.filter.FilterResult;
import dev.portcullis.gateway.filter.McpExchange;
import dev.portcullis.gateway.filter.McpFilter;
import dev.portcullis.gateway.filter.McpResponse;
import dev.portcullis.gateway.request.RouteSettings;
import dev.portcullis.gateway.runtime.CompiledProxy;
import dev.portcullis.gateway.request.HeaderEdits;
import io.vertx.core.Future;

/**
 * Applies the header transforms to what is sent upstream ({@code transformRequestHeaders}) and to what the agent
 * receives ({@code transformResponseHeaders}), in turn: {@code global}, then the request's operation entry, then
 * its primitive entry, so the most specific has the last word. Runs after authentication so a transform cannot
 * re-add the agent's credential before authentication has seen it, and so that context variables
 * ({@code ${consumer.alias}}) know the consumer; upstream credentials are set after it, so no transform removes
 * them.
 */
public final class HeaderTransformFilter implements McpFilter {

    @Override
    public boolean appliesTo(FilterContext context) {
        CompiledProxy proxy = context.proxy();
        RouteSettings settings = context.settings();
        return !proxy.requestHeaderEdits().isEmpty() || !proxy.responseHeaderEdits().isEmpty()
                || !settings.requestEdits().isEmpty() || !settings.responseEdits().isEmpty();
    }

    @Override
    public Future<FilterResult> onRequest(McpExchange exchange, FilterContext context) {
        RequestVariables values = new RequestVariables(exchange.request(), context);
        context.proxy().requestHeaderEdits().applyTo(exchange.upstreamHeaders(), values);
        for (HeaderEdits edits : context.settings().requestEdits()) {
            edits.applyTo(exchange.upstreamHeaders(), values);
        }
        return FilterResult.proceed();
    }

    @Override
    public void onResponse(McpResponse response, FilterContext context) {
        RequestVariables values = RequestVariables.of(context);
        context.proxy().responseHeaderEdits().applyTo(response.headers(), values);
        for (HeaderEdits edits : context.settings().responseEdits()) {
            edits.applyTo(response.headers(), values);
        }
    }
}
