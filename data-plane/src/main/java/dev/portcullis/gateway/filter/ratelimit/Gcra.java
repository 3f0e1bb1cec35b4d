package dev.portcullis.gateway.filter.ratelimit;

/**
 * The generic cell rate algorithm, as the Lua script runs it in Redis and the local fallback runs it in memory:
 * at most {@code limit} requests in any window of {@code period}, smooth (no double burst at a window edge).
 * State is one number, the theoretical arrival time (TAT) in microseconds. Each request moves the TAT forward by
 * {@code period / limit}; a request is allowed while the TAT stays within {@code period} of now, so a full bucket
 * allows a burst of {@code limit}. Pure and thread-safe.
 */
public record Gcra(long limit, long periodMicros) {

    /** Slack for floating-point rounding: exactly {@code limit} back-to-back requests must pass. */
    private static final double EPSILON_MICROS = 1;

    /**
     * @param tat        the new TAT to store when allowed
     * @param remaining  requests still allowed right now after this one (when allowed)
     * @param resetMicros time until the counter is back to full (allowed) or until a request would pass (refused)
     */
    public record Step(boolean allowed, double tat, long remaining, long resetMicros) {
    }

    public Gcra {
        if (limit < 1 || periodMicros < 1) {
            throw new IllegalArgumentException("limit and period must be positive");
        }
    }

    public double intervalMicros() {
        return (double) periodMicros / limit;
    }

    /** One request at {@code nowMicros} against the stored TAT ({@link Double#NaN} when there is none). */
    public Step step(double storedTat, long nowMicros) {
        double interval = intervalMicros();
        double tat = Double.isNaN(storedTat) ? nowMicros : Math.max(storedTat, nowMicros);
        double newTat = tat + interval;
        if (newTat - nowMicros > periodMicros + EPSILON_MICROS) {
            return new Step(false, storedTat, 0, (long) Math.ceil(newTat - periodMicros - nowMicros));
        }
        long remaining = (long) Math.floor((periodMicros - (newTat - nowMicros)) / interval + 1e-9);
        return new Step(true, newTat, remaining, (long) Math.ceil(newTat - nowMicros));
    }
}
