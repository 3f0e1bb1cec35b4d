package dev.portcullis.gateway.filter.ratelimit;

import dev.portcullis.gateway.runtime.limits.Counter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Units of the shared counters that this gateway took from Redis in advance and spends in memory, so that most
 * requests with limits are decided without a round trip (docs/ratelimits.md, "Leases").
 *
 * <p>A gateway holds at most {@code percent} % of a limit (rounded down); a counter whose share would be below 2
 * units is never leased, and every request against it goes to Redis as before. How much to ask for follows the
 * traffic: nothing until a second request comes within a lease's life, then twice as much each time a lease runs
 * half out within half its life, and less by what was left when one expires unspent. A rate limit's units are
 * valid for {@link #RATE_LEASE_MS} (or a tenth of its period, if shorter), a quota's until its period ends. A
 * lease is refilled in the background when half of it is spent, so a steady stream of requests never waits.
 *
 * <p>Thread-safe: one lock per counter, held for a few field updates; shared by the gateway's event loops.
 */
public final class LimitLeases {

    /** Longest life of a rate limit's leased units. */
    public static final long RATE_LEASE_MS = 1_000;
    /** How long a lease no request used is remembered (its size) before it is dropped. */
    private static final long FORGET_MS = 10_000;

    private final int percent;
    private final Map<String, Lease> leases = new ConcurrentHashMap<>();

    /** @param percent the share of a limit one gateway may hold, 0 (never lease) to 10 */
    public LimitLeases(int percent) {
        if (percent < 0 || percent > 10) {
            throw new IllegalArgumentException("lease percent must be 0 to 10");
        }
        this.percent = percent;
    }

    /** The most units of {@code counter} this gateway may hold; 0 when it is never leased. */
    long cap(Counter counter) {
        long limit = counter.limit();
        long cap = limit / 100 * percent + limit % 100 * percent / 100;
        return cap < 2 ? 0 : cap;
    }

    /**
     * Takes one unit of every counter from the leases in hand, all or none, and answers the request's headers; null
     * when some counter has no unit in hand (then nothing was taken and the request goes to Redis).
     */
    public LimitHeaders take(List<Counter> counters, long nowMs) {
        int size = counters.size();
        Lease[] taken = new Lease[size];
        for (int i = 0; i < size; i++) {
            Counter counter = counters.get(i);
            Lease lease = leases.get(counter.key());
            if (lease == null || !lease.matches(counter) || !lease.tryTake(nowMs)) {
                for (int j = 0; j < i; j++) {
                    taken[j].giveBack();
                }
                return null;
            }
            taken[i] = lease;
        }
        LimitHeaders tightest = null;
        for (int i = 0; i < size; i++) {
            LimitHeaders headers = taken[i].headers(counters.get(i), nowMs);
            tightest = tightest == null ? headers : LimitHeaders.tighter(tightest, headers);
        }
        return tightest;
    }

    /**
     * For a request going to Redis: the units to ask for in advance, per counter (all 0 when none); marks those
     * counters as being refilled until {@link #granted} or {@link #cancel}. Nothing is asked when one of the
     * counters is never leased: such a request always goes to Redis, so units of its other counters would only be
     * spent by other requests, if any, and would otherwise expire unspent (taken from every gateway's limit).
     */
    public long[] wants(List<Counter> counters, long nowMs) {
        long[] wants = new long[counters.size()];
        for (Counter counter : counters) {
            if (cap(counter) == 0) {
                return wants;
            }
        }
        for (int i = 0; i < wants.length; i++) {
            Counter counter = counters.get(i);
            wants[i] = lease(counter).wantForRequest(nowMs, cap(counter));
        }
        return wants;
    }

    /**
     * After a take: the counters whose leases run low and are not already being refilled, with the units to ask
     * for (marked as being refilled); null when none.
     */
    public Refill refill(List<Counter> counters, long nowMs) {
        List<Counter> due = null;
        long[] wants = null;
        for (int i = 0; i < counters.size(); i++) {
            Counter counter = counters.get(i);
            Lease lease = leases.get(counter.key());
            long want = lease != null && lease.matches(counter) ? lease.wantForRefill(nowMs, cap(counter)) : 0;
            if (want > 0) {
                if (due == null) {
                    due = new ArrayList<>(counters.size());
                    wants = new long[counters.size()];
                }
                wants[due.size()] = want;
                due.add(counter);
            }
        }
        return due == null ? null : new Refill(due, Arrays.copyOf(wants, due.size()));
    }

    /** Counters to refill and the units wanted of each. */
    public record Refill(List<Counter> counters, long[] wants) {
    }

    /**
     * Redis allowed a call that asked for {@code wants}: adds the granted units to the leases, notes each counter's
     * state, and answers the headers the request sees (counting the units this gateway now holds as remaining).
     */
    public LimitHeaders granted(List<Counter> counters, long[] wants, CounterReply.Allowed reply, long nowMs) {
        LimitHeaders tightest = null;
        for (int i = 0; i < counters.size(); i++) {
            Counter counter = counters.get(i);
            LimitHeaders headers;
            Lease lease = wants[i] > 0 || reply.granted()[i] > 0 ? lease(counter) : leases.get(counter.key());
            if (lease != null && lease.matches(counter)) {
                lease.granted(nowMs, wants[i] > 0, reply.granted()[i], reply.remaining()[i], reply.resetMs()[i]);
                headers = lease.headers(counter, nowMs);
            } else {
                headers = LimitHeaders.of(counter, reply.remaining()[i], reply.resetMs()[i]);
            }
            tightest = tightest == null ? headers : LimitHeaders.tighter(tightest, headers);
        }
        return tightest;
    }

    /**
     * Redis refused a call that asked for {@code wants}: nothing was granted, except on Redis Cluster by the slots
     * that allowed ({@link CounterReply.Refused#others()}), whose units are added to the leases.
     */
    public void refused(List<Counter> counters, long[] wants, CounterReply.Refused refused, long nowMs) {
        CounterReply.Allowed others = refused.others();
        for (int i = 0; i < counters.size(); i++) {
            Counter counter = counters.get(i);
            if (others != null && others.resetMs()[i] >= 0 && (wants[i] > 0 || others.granted()[i] > 0)) {
                Lease lease = lease(counter);
                lease.granted(nowMs, wants[i] > 0, others.granted()[i], others.remaining()[i], others.resetMs()[i]);
            } else if (wants[i] > 0) {
                cancel(counter);
            }
        }
    }

    /** A call that asked for {@code wants} failed: nothing was granted. */
    public void cancel(List<Counter> counters, long[] wants) {
        for (int i = 0; i < counters.size(); i++) {
            if (wants[i] > 0) {
                cancel(counters.get(i));
            }
        }
    }

    private void cancel(Counter counter) {
        Lease lease = leases.get(counter.key());
        if (lease != null && lease.matches(counter)) {
            lease.cancel();
        }
    }

    /** Drops leases no request has used for a while. */
    public void purge(long nowMs) {
        leases.values().removeIf(lease -> lease.idleSince(nowMs - FORGET_MS));
    }

    /** Units held in memory across all counters (for tests and diagnostics). */
    public long held() {
        long held = 0;
        for (Lease lease : leases.values()) {
            held += lease.tokens();
        }
        return held;
    }

    public int size() {
        return leases.size();
    }

    private Lease lease(Counter counter) {
        Lease lease = leases.get(counter.key());
        if (lease == null || !lease.matches(counter)) {
            lease = new Lease(counter);
            leases.put(counter.key(), lease);
        }
        return lease;
    }

    /** One counter's units in hand and what is known of the shared counter. */
    private static final class Lease {
        private final long limit;
        private final long periodMs;
        private final Counter.Kind kind;
        private final long periodEnd;
        private final long lifeMs;
        private long tokens;
        private long expiresAt;
        private long grantedAt;
        /** A rate: when (local epoch ms) the shared TAT is reached, as of the last reply. */
        private long tatAt;
        /** A quota: units nobody holds, as of the last reply. */
        private long free;
        private long size;
        /** When a request last went to Redis for this counter; -1: never. */
        private long lastAsked = -1;
        private long lastUsed;
        private boolean refilling;

        Lease(Counter counter) {
            this.limit = counter.limit();
            this.periodMs = counter.periodMs();
            this.kind = counter.kind();
            this.periodEnd = counter.periodEnd();
            this.lifeMs = Math.max(1, Math.min(RATE_LEASE_MS, periodMs / 10));
        }

        boolean matches(Counter counter) {
            return counter.limit() == limit && counter.periodMs() == periodMs && counter.kind() == kind;
        }

        synchronized boolean tryTake(long now) {
            expire(now);
            if (tokens == 0) {
                return false;
            }
            tokens--;
            lastUsed = now;
            return true;
        }

        synchronized void giveBack() {
            tokens++;
        }

        synchronized long tokens() {
            return tokens;
        }

        synchronized long wantForRequest(long now, long cap) {
            expire(now);
            lastUsed = now;
            if (refilling) {
                return 0;
            }
            if (lastAsked >= 0 && now - lastAsked < lifeMs) {
                size = Math.min(cap, Math.max(2, size * 2));
            }
            lastAsked = now;
            return ask(cap);
        }

        synchronized long wantForRefill(long now, long cap) {
            if (refilling || size == 0 || tokens > size / 2) {
                return 0;
            }
            if (now - grantedAt < lifeMs / 2) {
                size = Math.min(cap, size * 2);
            }
            return ask(cap);
        }

        private long ask(long cap) {
            long want = Math.min(size, cap - tokens);
            if (want <= 0) {
                return 0;
            }
            refilling = true;
            return want;
        }

        synchronized void granted(long now, boolean asked, long granted, long remaining, long resetMs) {
            if (asked) {
                refilling = false;
            }
            expire(now);
            if (granted > 0) {
                tokens += granted;
                grantedAt = now;
                expiresAt = kind == Counter.Kind.RATE ? now + lifeMs : periodEnd;
            }
            tatAt = now + resetMs;
            free = remaining;
        }

        synchronized void cancel() {
            refilling = false;
        }

        /** Units left when a lease expires were not needed: ask for that many fewer next time. */
        private void expire(long now) {
            if (tokens > 0 && now >= expiresAt) {
                size = Math.max(0, size - tokens);
                tokens = 0;
            }
        }

        synchronized LimitHeaders headers(Counter counter, long now) {
            if (kind == Counter.Kind.QUOTA) {
                return LimitHeaders.of(counter, free + tokens, periodEnd - now);
            }
            double interval = (double) periodMs / limit;
            long ahead = Math.max(0, tatAt - now);
            long unheld = (long) Math.floor((periodMs - ahead) / interval + 1e-9);
            // the request just took one, as on the Redis path (units Redis has earned back since count as free)
            long remaining = Math.min(limit - 1, Math.max(0, unheld) + tokens);
            return LimitHeaders.of(counter, remaining, ahead - (long) (tokens * interval));
        }

        synchronized boolean idleSince(long cutoff) {
            return !refilling && lastUsed < cutoff && (tokens == 0 || expiresAt < cutoff);
        }
    }
}
