package dev.portcullis.gateway.filter.discovery;

import dev.portcullis.gateway.filter.FilterContext;
import dev.portcullis.gateway.filter.FilterResult;
import dev.portcullis.gateway.filter.McpExchange;
import dev.portcullis.gateway.filter.McpFilter;
import dev.portcullis.gateway.filter.McpResponse;
import dev.portcullis.gateway.filter.acl.CallerAccessLookup;
import dev.portcullis.gateway.observe.KnownPrimitives;
import dev.portcullis.gateway.request.MessageKind;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;

/**
 * Discovery filtering: answers to {@code tools/list}, {@code prompts/list},
 * {@code resources/list} and {@code resources/templates/list} are rewritten to what the caller may call, and
 * {@code initialize} and {@code server/discover} results lose the capabilities whose methods are all denied (a
 * discover result's primitive lists, if it carries any, are filtered like the list answers). Only those requests leave the
 * zero-copy pipe. The upstream is asked for an uncompressed body ({@code Accept-Encoding} removed) because the
 * gateway must read it; a compressed or unparseable answer fails closed.
 *
 * <p>A GET that resumes a stream ({@code Last-Event-ID}) may carry replayed answers to earlier list or initialize
 * requests whose ids the gateway no longer knows; every answer on such a stream is filtered by its shape
 * ({@link ReplayRewrite}). Other GET streams keep the zero-copy pipe (the MCP transport forbids answers on them).
 *
 * <p>List answers are parsed for every caller (restricted or not), so the names they announce feed the gateway's
 * {@link KnownPrimitives} (the metrics' label guard) whoever asked.
 */
public record DiscoveryFilter(KnownPrimitives known) implements McpFilter {

    private static final String INITIALIZE = "initialize";
    private static final String DISCOVER = "server/discover";
    private static final String LAST_EVENT_ID = "Last-Event-ID";

    @Override
    public boolean appliesTo(FilterContext context) {
        String method = context.route().method();
        MessageKind kind = context.route().kind();
        return kind == MessageKind.NO_BODY
                || (kind == MessageKind.REQUEST && (INITIALIZE.equals(method) || DISCOVER.equals(method)
                        || ListKind.of(method) != null));
    }

    @Override
    public Future<FilterResult> onRequest(McpExchange exchange, FilterContext context) {
        if (context.route().kind() == MessageKind.NO_BODY) {
            if (exchange.request().method() == HttpMethod.GET && exchange.request().headers().contains(LAST_EVENT_ID)) {
                context.markResumedStream();
                exchange.upstreamHeaders().remove("Accept-Encoding");
            }
            return FilterResult.proceed();
        }
        exchange.upstreamHeaders().remove("Accept-Encoding");
        return FilterResult.proceed();
    }

    @Override
    public void onResponse(McpResponse response, FilterContext context) {
        if (context.route().kind() == MessageKind.NO_BODY) {
            if (context.resumesStream() && response.isEventStream()) {
                response.rewriteBody(new ReplayRewrite(CallerAccessLookup.of(context), known, context.proxy().id()));
            }
            return;
        }
        if (DISCOVER.equals(context.route().method())) {
            response.rewriteBody(new DiscoverRewrite(CallerAccessLookup.of(context), known, context.proxy().id()));
            return;
        }
        ListKind kind = ListKind.of(context.route().method());
        response.rewriteBody(kind == null
                ? new CapabilityRewrite(CallerAccessLookup.of(context))
                : new ListRewrite(kind, CallerAccessLookup.of(context), known, context.proxy().id()));
    }
}
