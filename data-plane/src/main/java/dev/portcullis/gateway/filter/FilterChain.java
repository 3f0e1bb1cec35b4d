package dev.portcullis.gateway.filter;

import io.vertx.core.Future;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Walks the steps of the pipeline for one request: forward through {@link #onRequest} until a step answers, then
 * backward through the steps that ran for the response head and for each message of the body. Synchronous results
 * (the common case) are chained without extra allocation beyond the futures themselves; a step that does not apply
 * costs one method call. A step that throws never escapes the chain: the request fails with -32603 instead of
 * hanging the agent.
 */
public final class FilterChain {

    private static final Logger LOG = Logger.getLogger(FilterChain.class);

    private final List<McpFilter> filters;

    public FilterChain(List<McpFilter> filters) {
        this.filters = List.copyOf(filters);
    }

    public List<McpFilter> filters() {
        return filters;
    }

    public Future<FilterResult> onRequest(McpExchange exchange, FilterContext context) {
        return next(0, exchange, context);
    }

    private Future<FilterResult> next(int index, McpExchange exchange, FilterContext context) {
        for (int i = index; i < filters.size(); i++) {
            McpFilter filter = filters.get(i);
            if (!filter.appliesTo(context)) {
                continue;
            }
            context.ran(filter);
            Future<FilterResult> result = guarded(filter, exchange, context);
            int following = i + 1;
            if (result.isComplete() && result.succeeded()) {
                if (result.result() instanceof FilterResult.Continue) {
                    continue;
                }
                return result;
            }
            return result.compose(outcome -> outcome instanceof FilterResult.Continue
                    ? next(following, exchange, context)
                    : Future.succeededFuture(outcome));
        }
        return FilterResult.proceed();
    }

    /**
     * Walks the steps whose request hook ran, backward, over the response head.
     *
     * @return false when a step threw (a bug, logged): the caller answers -32603 instead of the response
     */
    public static boolean onResponse(McpResponse response, FilterContext context) {
        List<McpFilter> ran = context.ran();
        for (int i = ran.size() - 1; i >= 0; i--) {
            McpFilter filter = ran.get(i);
            try {
                filter.onResponse(response, context);
            } catch (RuntimeException e) {
                failed(filter, "response", context, e);
                return false;
            }
        }
        return true;
    }

    /**
     * Walks the steps whose request hook ran, backward, over one message of the body.
     *
     * @return false when a step threw (a bug, logged): the caller treats the message as unreadable
     */
    public static boolean onMessage(UpstreamMessage message, FilterContext context) {
        List<McpFilter> ran = context.ran();
        for (int i = ran.size() - 1; i >= 0 && !message.dropped(); i--) {
            McpFilter filter = ran.get(i);
            try {
                filter.onMessage(message, context);
            } catch (RuntimeException e) {
                failed(filter, "message", context, e);
                return false;
            }
        }
        return true;
    }

    private static void failed(McpFilter filter, String what, FilterContext context, RuntimeException e) {
        LOG.errorf("filter %s failed on a %s of proxy %s: %s", filter.name(), what,
                context.proxy() == null ? "-" : context.proxy().id(), e.toString());
    }

    /** A filter that throws (or returns no future) is a bug: it becomes a failed future, hence a -32603 answer. */
    private static Future<FilterResult> guarded(McpFilter filter, McpExchange exchange, FilterContext context) {
        try {
            Future<FilterResult> result = filter.onRequest(exchange, context);
            return result != null ? result
                    : Future.failedFuture(new IllegalStateException("filter " + filter.name() + " returned null"));
        } catch (RuntimeException e) {
            return Future.failedFuture(e);
        }
    }
}
