package dev.portcullis.gateway.filter.ratelimit;

import dev.portcullis.gateway.runtime.limits.Counter;
import java.util.List;

/**
 * The {@code RateLimit-Limit}, {@code RateLimit-Remaining} and {@code RateLimit-Reset} values of one counter.
 * {@code resetSeconds} is how long until the counter is full again: for a rate, when the whole burst is available
 * again; for a quota, the end of its period.
 */
public record LimitHeaders(long limit, long remaining, long resetSeconds) {

    /** Per request, the tightest counter is reported: fewest remaining, then the latest reset. */
    public static LimitHeaders tightest(List<LimitHeaders> all) {
        LimitHeaders best = null;
        for (LimitHeaders candidate : all) {
            if (best == null || candidate.remaining < best.remaining
                    || (candidate.remaining == best.remaining && candidate.resetSeconds > best.resetSeconds)) {
                best = candidate;
            }
        }
        if (best == null) {
            throw new IllegalArgumentException("no counters");
        }
        return best;
    }

    public static LimitHeaders of(Counter counter, long remaining, long resetMs) {
        return new LimitHeaders(counter.limit(), Math.max(0, remaining), seconds(resetMs));
    }

    /** Whole seconds, rounded up, at least 1 for any positive wait. */
    public static long seconds(long ms) {
        return ms <= 0 ? 0 : (ms + 999) / 1000;
    }
}
