package dev.portcullis.gateway.filter.ratelimit;

import dev.portcullis.gateway.runtime.limits.Counter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The fallback while Redis is unreachable: the same counters kept in this gateway's memory, each limit divided by
 * the number of live gateways (last known, at least 1) so that N gateways together stay near the shared limit.
 * A divided limit is never below 1. Same all-or-nothing rule as the Lua script. Thread-safe (one lock: it is
 * only used while Redis is down); entries expire like the Redis keys and are purged by {@link #purge}.
 */
public final class LocalLimiter {

    /** value: a GCRA TAT (µs) or a quota count; expiresAt: epoch ms after which the entry is dropped. */
    private record Entry(double value, long expiresAt) {
    }

    private final Map<String, Entry> entries = new HashMap<>();

    public synchronized LimitDecision consume(List<Counter> counters, long nowMs, long liveGateways) {
        long divisor = Math.max(1, liveGateways);
        long nowMicros = nowMs * 1000;
        List<Entry> next = new ArrayList<>(counters.size());
        List<LimitHeaders> headers = new ArrayList<>(counters.size());
        for (Counter counter : counters) {
            long limit = Math.max(1, counter.limit() / divisor);
            Entry stored = entries.get(counter.key());
            if (stored != null && stored.expiresAt() <= nowMs) {
                stored = null;
            }
            if (counter.kind() == Counter.Kind.RATE) {
                Gcra.Step step = new Gcra(limit, counter.periodMs() * 1000)
                        .step(stored == null ? Double.NaN : stored.value(), nowMicros);
                if (!step.allowed()) {
                    return new LimitDecision.Refused(counter, (step.resetMicros() + 999) / 1000);
                }
                long resetMs = (step.resetMicros() + 999) / 1000;
                next.add(new Entry(step.tat(), nowMs + resetMs + 1000));
                headers.add(new LimitHeaders(limit, step.remaining(), LimitHeaders.seconds(resetMs)));
            } else {
                long count = stored == null ? 0 : (long) stored.value();
                long resetMs = Math.max(0, counter.periodEnd() - nowMs);
                if (count + 1 > limit) {
                    return new LimitDecision.Refused(counter, resetMs);
                }
                next.add(new Entry(count + 1, counter.periodEnd()));
                headers.add(new LimitHeaders(limit, limit - count - 1, LimitHeaders.seconds(resetMs)));
            }
        }
        for (int i = 0; i < counters.size(); i++) {
            entries.put(counters.get(i).key(), next.get(i));
        }
        return new LimitDecision.Allowed(LimitHeaders.tightest(headers));
    }

    /** Drops expired entries. */
    public synchronized void purge(long nowMs) {
        entries.values().removeIf(entry -> entry.expiresAt() <= nowMs);
    }

    /** Forgets everything, when counting returns to Redis. */
    public synchronized void clear() {
        entries.clear();
    }

    public synchronized int size() {
        return entries.size();
    }
}
