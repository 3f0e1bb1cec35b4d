package dev.portcullis.controlplane.analytics;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class LatencyHistogramTest {

    @Test
    void putsLatenciesInTheBucketWhoseUpperBoundHoldsThem() {
        assertThat(LatencyHistogram.bucketOf(0)).isZero();
        assertThat(LatencyHistogram.bucketOf(1_000)).isZero();
        assertThat(LatencyHistogram.bucketOf(1_001)).isEqualTo(1);
        assertThat(LatencyHistogram.bucketOf(150_000)).isEqualTo(7);
        assertThat(LatencyHistogram.bucketOf(60_000_000)).isEqualTo(14);
        assertThat(LatencyHistogram.bucketOf(61_000_000)).isEqualTo(15);
    }

    @Test
    void p95InterpolatesInsideTheBucketHoldingTheRank() {
        long[] counts = new long[LatencyHistogram.BUCKETS];
        counts[3] = 90;
        counts[6] = 10;

        double p95 = LatencyHistogram.percentileMs(counts, 0.95, 100_000);

        assertThat(p95).isCloseTo(50 + (100 - 50) * 5 / 10.0, within(1e-9));
    }

    @Test
    void p95InterpolatesOnlyUpToTheLargestLatencySeen() {
        long[] counts = new long[LatencyHistogram.BUCKETS];
        counts[6] = 100;

        assertThat(LatencyHistogram.percentileMs(counts, 0.95, 60_000)).isCloseTo(50 + 10 * 0.95, within(1e-9));
        assertThat(LatencyHistogram.percentileMs(counts, 1.0, 60_000)).isEqualTo(60.0);
    }

    @Test
    void p95InTheOpenLastBucketEndsAtTheMaximum() {
        long[] counts = new long[LatencyHistogram.BUCKETS];
        counts[15] = 20;

        assertThat(LatencyHistogram.percentileMs(counts, 0.95, 120_000_000))
                .isCloseTo(60_000 + (120_000 - 60_000) * 19 / 20.0, within(1e-9));
    }

    @Test
    void p95OfNothingIsZero() {
        assertThat(LatencyHistogram.percentileMs(new long[LatencyHistogram.BUCKETS], 0.95, 0)).isZero();
    }
}
