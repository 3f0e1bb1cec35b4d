package dev.portcullis.gateway.filter.ratelimit;

/**
 * What the check-and-consume script answered for one call: allowed, with each counter's state after the call and
 * the units it granted in advance, or refused by one counter (then nothing was taken).
 */
public sealed interface CounterReply {

    /**
     * Per counter, in the call's order: units nobody holds after the call, ms until the counter is full again (a
     * rate) or its period ends (a quota), and units granted in advance ({@code 0} when none were wanted or fit).
     */
    record Allowed(long[] remaining, long[] resetMs, long[] granted) implements CounterReply {
    }

    /**
     * The counter at {@code index} (0-based, in the call's order) had no room; nothing was taken from its slot. On
     * Redis Cluster, {@code others} holds what the other slots' calls took and granted (they allowed, so they took
     * their units: all or nothing holds per slot), with {@code resetMs} -1 for the counters they did not answer
     * for; null when the call had one slot.
     */
    record Refused(int index, long retryAfterMs, Allowed others) implements CounterReply {
        public Refused(int index, long retryAfterMs) {
            this(index, retryAfterMs, null);
        }
    }
}
