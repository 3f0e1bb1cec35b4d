package dev.portcullis.controlplane.analytics;

/**
 * The fixed latency buckets of the roll-ups: 16 counters whose upper bounds (inclusive, in ms) are
 * {@link #BOUNDS_MS}; the last one has no bound. Percentiles are estimated from the counters by linear
 * interpolation inside the bucket that holds the rank, capped by the largest latency seen. Stateless.
 */
public final class LatencyHistogram {

    public static final int BUCKETS = 16;

    /** Upper bounds of the first 15 buckets, in ms. */
    static final long[] BOUNDS_MS = {1, 2, 5, 10, 20, 50, 100, 200, 500, 1_000, 2_000, 5_000, 10_000, 30_000, 60_000};

    private LatencyHistogram() {
    }

    /** The bucket (0 to 15) of a latency. */
    public static int bucketOf(long latencyMicros) {
        for (int i = 0; i < BOUNDS_MS.length; i++) {
            if (latencyMicros <= BOUNDS_MS[i] * 1_000) {
                return i;
            }
        }
        return BUCKETS - 1;
    }

    /**
     * The {@code quantile} (0 to 1) latency in ms estimated from bucket {@code counts}; 0 when there is no
     * count.
     *
     * @param maxMicros the largest latency seen: the upper end of the last bucket, and a cap on every estimate
     */
    public static double percentileMs(long[] counts, double quantile, long maxMicros) {
        long total = 0;
        for (long count : counts) {
            total += count;
        }
        if (total == 0) {
            return 0;
        }
        double maxMs = maxMicros / 1_000.0;
        double rank = Math.max(1, Math.ceil(quantile * total));
        long below = 0;
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] > 0 && below + counts[i] >= rank) {
                double lower = i == 0 ? 0 : BOUNDS_MS[i - 1];
                double upper = i < BOUNDS_MS.length ? Math.min(BOUNDS_MS[i], Math.max(maxMs, lower)) : maxMs;
                double estimate = lower + (upper - lower) * (rank - below) / counts[i];
                return Math.min(estimate, maxMs);
            }
            below += counts[i];
        }
        return maxMs;
    }
}
