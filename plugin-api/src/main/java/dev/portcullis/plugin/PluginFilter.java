package dev.portcullis.plugin;

/**
 * One configured plugin entry, in force while its snapshot is. Sits in the gateway's pipeline where its entry's
 * {@code placement} says; sees each JSON-RPC request on its way in ({@link #onRequest}) and, when it asks for them
 * ({@link #readsResponses}), each message of the answer on its way back ({@link #onResponseMessage}).
 *
 * <p>Threading contract: every method runs on a gateway event loop, concurrently for different requests, and must
 * return quickly: no blocking I/O, no sleeping, no locks held for long. Keep no per-request state in fields. A
 * method that throws is a bug: the request gets a -32603 internal error, never a half-applied edit.
 */
public interface PluginFilter {

    /**
     * A request reaching this filter's place. Not called for a {@code response} placement, notifications, client
     * responses, or GET and DELETE requests.
     *
     * @return {@link RequestOutcome#proceed()} to let it go on, or an answer or a refusal that ends it here
     */
    default RequestOutcome onRequest(PluginRequest request) {
        return RequestOutcome.proceed();
    }

    /**
     * Whether {@link #onResponseMessage} wants the messages of this request's answer (a cheap test: an answer no
     * filter reads is streamed to the agent untouched, without being parsed).
     */
    default boolean readsResponses(PluginRequest request) {
        return false;
    }

    /**
     * One JSON-RPC message of the answer (the whole JSON body, or one event of an SSE stream), the upstream's or one
     * a filter answered with (a virtual endpoint, a {@code mockResponse}), before the agent receives it. The
     * gateway's own list filtering is applied after every plugin had its look, so a tool a plugin adds to a
     * {@code tools/list} answer is still hidden from callers who may not call it.
     */
    default void onResponseMessage(PluginRequest request, ResponseMessage message) {
    }
}
