package dev.portcullis.gateway.observe;

import io.vertx.core.MultiMap;

/**
 * Something that watches agent requests: the access log, analytics, metrics, tracing. All hooks run on the
 * request's event loop, must not block and must not throw (a throwing observer is logged and skipped; it never
 * changes what the agent gets).
 */
public interface RequestObserver {

    /**
     * An event loop is about to serve agent requests (called on it, once per agent-facing server, before it
     * listens): the place to open per-event-loop resources so the first request does not wait for them.
     */
    default void eventLoopStarted() {
    }

    /** The request was parsed and routed (or refused before that: then it is never routed, only completed). */
    default void routed(RequestObservation observation) {
    }

    /** The request is about to go upstream with these headers, which the observer may add to (trace context). */
    default void forwarding(RequestObservation observation, MultiMap upstreamHeaders) {
    }

    /** The response ended or the agent went away; called exactly once per request, with its final record. */
    void completed(RequestObservation observation, CompletedRequest request);
}
