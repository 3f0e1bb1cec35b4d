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

    /**
     * The request was parsed and routed (or refused before that: then it is never routed, only completed). A
     * request refused at routing for a method or primitive name beyond its bound is routed too, with those strings
     * cut ({@link RequestObservation#refusedAtRouting}).
     */
    default void routed(RequestObservation observation) {
    }

    /** The request is about to go upstream with these headers, which the observer may add to (trace context). */
    default void forwarding(RequestObservation observation, MultiMap upstreamHeaders) {
    }

    /**
     * The upstream sent the agent a request ({@code method}, as the upstream wrote it: bound it before use) on this
     * request's stream, and the caller's method rules denied it: the agent never saw it.
     */
    default void serverRequestDenied(RequestObservation observation, String method) {
    }

    /**
     * The request's outcome is final; called exactly once per request, with its final record: just before the
     * gateway ends the agent's response (an observer may hold its last bytes with
     * {@link RequestObservation#holdAnswerUntil}), after a response ended some other way, or when the agent went away.
     */
    void completed(RequestObservation observation, CompletedRequest request);
}
