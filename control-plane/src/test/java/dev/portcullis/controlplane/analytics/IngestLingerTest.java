package dev.portcullis.controlplane.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class IngestLingerTest {

    private static final long MS = 1_000_000;

    @Test
    void aThreadThatCaughtUpReadsAgainOnceTheLingerHasPassedSinceItsLastReadStarted() {
        assertThat(AnalyticsIngester.nextRead(1_000 * MS, 40, 20_000, 250 * MS)).isEqualTo(1_250 * MS);
        assertThat(AnalyticsIngester.nextRead(1_000 * MS, 19_999, 20_000, 250 * MS)).isEqualTo(1_250 * MS);
    }

    @Test
    void aBacklogAndAnEmptyReadAreReadAgainAtOnce() {
        assertThat(AnalyticsIngester.nextRead(1_000 * MS, 20_000, 20_000, 250 * MS)).isEqualTo(1_000 * MS);
        assertThat(AnalyticsIngester.nextRead(1_000 * MS, 0, 20_000, 250 * MS)).isEqualTo(1_000 * MS);
    }

    @Test
    void noLingerReadsAgainAtOnce() {
        assertThat(AnalyticsIngester.nextRead(1_000 * MS, 40, 20_000, 0)).isEqualTo(1_000 * MS);
    }

    @Test
    void theLingerIsZeroToOneSecond() {
        assertThat(AnalyticsIngester.lingerNanos(Duration.ZERO)).isZero();
        assertThat(AnalyticsIngester.lingerNanos(Duration.ofMillis(250))).isEqualTo(250 * MS);
        assertThat(AnalyticsIngester.lingerNanos(Duration.ofSeconds(1))).isEqualTo(1_000 * MS);
        assertThatThrownBy(() -> AnalyticsIngester.lingerNanos(Duration.ofMillis(-1)))
                .hasMessageContaining("PORTCULLIS_ANALYTICS_INGEST_LINGER").hasMessageContaining("not -1 ms");
        assertThatThrownBy(() -> AnalyticsIngester.lingerNanos(Duration.ofNanos(1_000_000_500)))
                .hasMessageContaining("0 to 1s").hasMessageContaining("not 1000.0005 ms");
        assertThatThrownBy(() -> AnalyticsIngester.lingerNanos(Duration.ofSeconds(10)))
                .hasMessageContaining("not 10000 ms");
    }
}
