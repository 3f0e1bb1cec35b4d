package dev.portcullis.gateway.runtime.limits;

import java.util.Objects;

/**
 * One counter a request is checked and counted against: a GCRA rate limit or a fixed-period quota.
 *
 * @param key       the Redis key without the gateway's prefix, starting with its hash tag ({@code {c:...}} or
 *                  {@code {p:...}}); for a quota it ends with the period start, so each period has its own key
 * @param kind      rate or quota
 * @param limit     requests per period (the GCRA burst equals the limit)
 * @param periodMs  {@code per} or {@code renewalSeconds}, in milliseconds
 * @param periodEnd for a quota, the end of the current period (epoch ms); 0 for a rate
 * @param scope     who shares the counter and where, for the refusal message (e.g. {@code "per-consumer limit on
 *                  tool 'generate_report'"}); built from configuration, never from unvalidated input
 */
public record Counter(String key, Kind kind, long limit, long periodMs, long periodEnd, String scope) {

    public enum Kind { RATE, QUOTA }

    public Counter {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(scope, "scope");
        if (limit < 1 || periodMs < 1) {
            throw new IllegalArgumentException("limit and period must be positive");
        }
    }

    public static Counter rate(String key, long rate, long perSeconds, String scope) {
        return new Counter(key, Kind.RATE, rate, perSeconds * 1000, 0, scope);
    }

    /** A quota counter for the fixed period (aligned on the epoch) that contains {@code nowMs}. */
    public static Counter quota(String key, long max, long renewalSeconds, long nowMs, String scope) {
        long period = renewalSeconds * 1000;
        long start = Math.floorDiv(nowMs, period) * period;
        return new Counter(key + ":" + start, Kind.QUOTA, max, period, start + period, scope);
    }

    /** The hash tag, {@code {...}}: counters sharing it live in one Redis Cluster slot. */
    public String hashTag() {
        return key.substring(0, key.indexOf('}') + 1);
    }
}
