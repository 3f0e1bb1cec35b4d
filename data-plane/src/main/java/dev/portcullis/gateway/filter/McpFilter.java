package dev.portcullis.gateway.filter;

import io.vertx.core.Future;

/**
 * One step of the gateway's pipeline (checking the request's path, reading its body, authentication, ACLs, rate
 * limits, header transforms, forwarding, ...). Steps run in the order fixed by {@code FilterOrder}:
 * {@link #onRequest} forward until one answers; then, for a forwarded request, {@link #onResponse} backward once
 * the upstream's response head arrived, and {@link #onMessage} backward for each JSON-RPC message the upstream
 * sends back (the answer, and the requests and notifications it sends the agent on the same stream).
 *
 * <p>Threading: every method is called on the request's event loop and must not block. Slow work (Redis, a JWKS
 * fetch) returns a future and completes later. Filters are shared by all requests of an event loop and keep no
 * per-request state in fields; per-request state belongs in the {@link FilterContext}.
 */
public interface McpFilter {

    /** A short stable name for logs: the class's simple name unless the step says otherwise. */
    default String name() {
        return getClass().getSimpleName();
    }

    /**
     * Cheap test deciding whether this filter has anything to do for the request (e.g. authentication disabled
     * on the proxy: no). Filters that do not apply are skipped at no cost, and see neither the response nor its
     * messages.
     */
    default boolean appliesTo(FilterContext context) {
        return true;
    }

    /** Inspect or edit the request; the future never fails for a client's mistake (use {@link FilterResult.Reject}). */
    Future<FilterResult> onRequest(McpExchange exchange, FilterContext context);

    /**
     * Inspect or edit the response head before it is sent; a filter that must read the messages of the body calls
     * {@link McpResponse#readMessages} here.
     */
    default void onResponse(McpResponse response, FilterContext context) {
    }

    /**
     * One message of the body, parsed once for every filter, before it reaches the agent: a filter may drop it or
     * replace it. Only called when some filter asked to read the messages ({@link McpResponse#readMessages}).
     */
    default void onMessage(UpstreamMessage message, FilterContext context) {
    }
}
