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
            best = best == null ? candidate : tighter(best, candidate);
        }
        if (best == null) {
            throw new IllegalArgumentException("no counters");
        }
        return best;
    }

    /** The tighter of two: fewer remaining, then the later reset; {@code a} when they are equal. */
    public static LimitHeaders tighter(LimitHeaders a, LimitHeaders b) {
        return b.remaining < a.remaining || (b.remaining == a.remaining && b.resetSeconds > a.resetSeconds) ? b : a;
    }

    public static LimitHeaders of(Counter counter, long remaining, long resetMs) {
        return new LimitHeaders(counter.limit(), Math.max(0, remaining), seconds(resetMs));
    }

    /** Whole seconds, rounded up, at least 1 for any positive wait. */
    public static long seconds(long ms) {
        return ms <= 0 ? 0 : (ms + 999) / 1000;
    }
}
