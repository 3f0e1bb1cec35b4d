package dev.portcullis.gateway.filter.input;

import dev.portcullis.gateway.filter.FilterContext;
import dev.portcullis.gateway.filter.FilterResult;
import dev.portcullis.gateway.filter.McpExchange;
import dev.portcullis.gateway.filter.McpFilter;
import dev.portcullis.gateway.filter.McpResponse;
import dev.portcullis.gateway.filter.acl.CallerAccessLookup;
import dev.portcullis.gateway.request.MessageKind;
import dev.portcullis.gateway.request.ProtocolRevision;
import dev.portcullis.gateway.runtime.access.CallerAccess;
import io.vertx.core.Future;
import java.util.Set;

/**
 * Governs the requests a 2026-07-28 server makes through an {@code input_required} result: on the methods that may
 * answer with one ({@code tools/call}, {@code prompts/get}, {@code resources/read}), for a 2026-07-28 request of a
 * caller whose method rules can deny something, the answer is rewritten by {@link InputRequiredRewrite}, which
 * removes the {@code inputRequests} entries those rules deny. Other requests keep the zero-copy pipe (a 2025 server
 * asks on the stream instead, where the relay governs it). The upstream is asked for an uncompressed body, as the
 * gateway must read it.
 */
public final class InputRequiredFilter implements McpFilter {

    private static final Set<String> METHODS = Set.of("tools/call", "prompts/get", "resources/read");


    @Override
    public boolean appliesTo(FilterContext context) {
        return context.route().kind() == MessageKind.REQUEST && METHODS.contains(context.route().method());
    }

    @Override
    public Future<FilterResult> onRequest(McpExchange exchange, FilterContext context) {
        if (context.route().revision() == ProtocolRevision.V2026_07_28
                && CallerAccessLookup.of(context).restrictsMethods()) {
            context.governInputRequests();
            exchange.upstreamHeaders().remove("Accept-Encoding");
        }
        return FilterResult.proceed();
    }

    @Override
    public void onResponse(McpResponse response, FilterContext context) {
        if (context.governsInputRequests() && response.status() < 300) {
            CallerAccess access = CallerAccessLookup.of(context);
            response.rewriteBody(new InputRequiredRewrite(access, context.proxy().id(),
                    context.consumer() == null ? "-" : context.consumer().id()));
        }
    }
}
