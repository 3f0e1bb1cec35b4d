package dev.portcullis.gateway.request;

import io.vertx.core.buffer.Buffer;

/** Outcome of reading an agent's body under the size limit. */
public sealed interface BodyRead {

    record Complete(Buffer body) implements BodyRead {
    }

    /** The body exceeded the limit; reading stopped at once, the rest was never buffered. */
    record TooLarge(long limit) implements BodyRead {
    }

    /** The agent did not finish sending its body in time (a slow or stalled client). */
    record TimedOut(long afterMs) implements BodyRead {
    }
}
