package dev.portcullis.gateway.filter;

import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Walks the filters in order for one request. Synchronous results (the common case) are chained without extra
 * allocation beyond the futures themselves; a filter that does not apply costs one method call. A filter that
 * throws never escapes the chain: the request fails with -32603 instead of hanging the agent.
 */
public final class FilterChain {

    private static final Logger LOG = Logger.getLogger(FilterChain.class);

    private final List<McpFilter> filters;

    public FilterChain(List<McpFilter> filters) {
        this.filters = List.copyOf(filters);
    }

    /** The filters whose request hook ran, so {@link #onResponse} can walk them backward. */
    public static final class Ran {
        private final List<McpFilter> ran = new ArrayList<>(4);
    }

    public Future<FilterResult> onRequest(McpExchange exchange, FilterContext context, Ran ran) {
        return next(0, exchange, context, ran);
    }

    private Future<FilterResult> next(int index, McpExchange exchange, FilterContext context, Ran ran) {
        for (int i = index; i < filters.size(); i++) {
            McpFilter filter = filters.get(i);
            if (!filter.appliesTo(context)) {
                continue;
            }
            ran.ran.add(filter);
            Future<FilterResult> result = guarded(filter, exchange, context);
            int following = i + 1;
            if (result.isComplete() && result.succeeded()) {
                if (result.result() instanceof FilterResult.Continue) {
                    continue;
                }
                return result;
            }
            return result.compose(outcome -> outcome instanceof FilterResult.Continue
                    ? next(following, exchange, context, ran)
                    : Future.succeededFuture(outcome));
        }
        return FilterResult.proceed();
    }

    /**
     * Walks the filters whose request hook ran, backward.
     *
     * @return false when a filter threw (a bug, logged): the caller answers -32603 instead of the response
     */
    public boolean onResponse(McpResponse response, FilterContext context, Ran ran) {
        for (int i = ran.ran.size() - 1; i >= 0; i--) {
            McpFilter filter = ran.ran.get(i);
            try {
                filter.onResponse(response, context);
            } catch (RuntimeException e) {
                LOG.errorf("filter %s failed on the response of proxy %s: %s", filter.name(), context.proxy().id(),
                        e.toString());
                return false;
            }
        }
        return true;
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
