package dev.portcullis.controlplane.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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

    @Test
    void oneIngestThreadHoldsOneBatchSoItMayTakeTwiceAsManyRecords() {
        int two = AnalyticsIngester.batchFor(20_000, 256 * MB, 2);
        int one = AnalyticsIngester.batchFor(20_000, 256 * MB, 1);
        assertThat(one).isGreaterThan(two);
        assertThat((long) one * AnalyticsIngester.BYTES_PER_RECORD).isLessThanOrEqualTo(256 * MB / 2);
    }

    @Test
    void ingestThreadsAreOneToEight() {
        assertThat(AnalyticsIngester.threads(1)).isEqualTo(1);
        assertThat(AnalyticsIngester.threads(8)).isEqualTo(8);
        assertThatThrownBy(() -> AnalyticsIngester.threads(0))
                .hasMessageContaining("PORTCULLIS_ANALYTICS_INGEST_THREADS");
        assertThatThrownBy(() -> AnalyticsIngester.threads(9)).hasMessageContaining("1 to 8");
    }
}
