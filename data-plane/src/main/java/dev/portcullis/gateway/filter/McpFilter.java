package dev.portcullis.gateway.filter;

import io.vertx.core.Future;

/**
 * One concern of the gateway (authentication, ACLs, rate limits, header transforms, ...) applied to agent
 * requests. Filters run in the order fixed by {@link FilterOrder}: {@link #onRequest} forward before the request
 * is forwarded, {@link #onResponse} backward once the upstream's response head arrived.
 *
 * <p>Threading: every method is called on the request's event loop and must not block. Slow work (Redis, a JWKS
 * fetch) returns a future and completes later. Filters are shared by all requests of an event loop and keep no
 * per-request state in fields; per-request state belongs in the {@link FilterContext}.
 */
public interface McpFilter {

    /** A short stable name for logs and metrics. */
    String name();

    /**
     * Cheap test deciding whether this filter has anything to do for the request (e.g. authentication disabled
     * on the proxy: no). Filters that do not apply are skipped at no cost.
     */
    default boolean appliesTo(FilterContext context) {
        return true;
    }

    /** Inspect or edit the request; the future never fails for a client's mistake (use {@link FilterResult.Reject}). */
    Future<FilterResult> onRequest(McpExchange exchange, FilterContext context);

    /** Inspect or edit the response head before it is sent; called only for filters whose request ran. */
    default void onResponse(McpResponse response, FilterContext context) {
    }
}
