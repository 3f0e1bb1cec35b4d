package dev.portcullis.gateway.filter.ratelimit;

import dev.portcullis.gateway.runtime.limits.Counter;
import java.util.Objects;

/** The outcome of checking a request's counters. */
public sealed interface LimitDecision {

    /** Every counter had room; all were consumed. {@code headers} describe the tightest one. */
    record Allowed(LimitHeaders headers) implements LimitDecision {
        public Allowed {
            Objects.requireNonNull(headers, "headers");
        }
    }

    /** {@code counter} had no room; nothing was consumed. */
    record Refused(Counter counter, long retryAfterMs) implements LimitDecision {
        public Refused {
            Objects.requireNonNull(counter, "counter");
        }
    }

    /** The shared store is down and the gateway runs with {@code onRedisFailure: deny}. */
    record Unavailable() implements LimitDecision {
    }
}
