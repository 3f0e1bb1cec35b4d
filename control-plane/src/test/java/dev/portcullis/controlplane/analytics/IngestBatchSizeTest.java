package dev.portcullis.controlplane.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class IngestBatchSizeTest {

    private static final long MB = 1L << 20;

    @Test
    void aLargeHeapTakesTheConfiguredBatchSize() {
        assertThat(AnalyticsIngester.batchFor(20_000, 4096 * MB)).isEqualTo(20_000);
        assertThat(AnalyticsIngester.batchFor(50, 4096 * MB)).isEqualTo(50);
    }

    @Test
    void aSmallHeapLowersItSoTheBatchesTakeHalfTheHeapAtMost() {
        assertThat(AnalyticsIngester.batchFor(20_000, 512 * MB)).isEqualTo(20_000);
        int batch = AnalyticsIngester.batchFor(20_000, 256 * MB);
        assertThat(batch).isLessThan(20_000);
        assertThat((long) batch * AnalyticsIngester.THREADS * AnalyticsIngester.BYTES_PER_RECORD)
                .isLessThanOrEqualTo(256 * MB / 2);
        assertThat(AnalyticsIngester.batchFor(20_000, 128 * MB)).isLessThan(batch);
    }

    @Test
    void neverBelowAThousandUnlessConfiguredSo() {
        assertThat(AnalyticsIngester.batchFor(20_000, 16 * MB)).isEqualTo(AnalyticsIngester.MIN_BATCH);
        assertThat(AnalyticsIngester.batchFor(500, 16 * MB)).isEqualTo(500);
    }
}
