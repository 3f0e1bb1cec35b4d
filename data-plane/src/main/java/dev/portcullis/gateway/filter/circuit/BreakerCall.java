package dev.portcullis.gateway.filter.circuit;

import java.util.concurrent.CompletableFuture;

/**
 * One call admitted by a circuit breaker, waiting for its outcome. The first settlement counts, later ones are
 * ignored, so every path that may end a request can settle it without coordination. Thread-safe.
 */
public final class BreakerCall {

    private final CompletableFuture<Void> outcome = new CompletableFuture<>();

    CompletableFuture<Void> outcome() {
        return outcome;
    }

    /** The upstream answered well. */
    public void succeeded() {
        outcome.complete(null);
    }

    /** What counts as a failure: 5xx, timeout, connection error, JSON-RPC -32603. */
    public void failed() {
        outcome.completeExceptionally(UpstreamFailure.INSTANCE);
    }

    /**
     * The upstream was not asked or the agent went away before an answer: nothing to learn. The breaker library
     * has no neutral outcome, so this counts as a success (it must not trip a breaker).
     */
    public void released() {
        outcome.complete(null);
    }

    public boolean isSettled() {
        return outcome.isDone();
    }

    /** Why a call failed, for the breaker; no stack trace (it is an outcome, not a bug). */
    static final class UpstreamFailure extends RuntimeException {
        static final UpstreamFailure INSTANCE = new UpstreamFailure();

        private UpstreamFailure() {
            super("upstream failure", null, false, false);
        }
    }
}
