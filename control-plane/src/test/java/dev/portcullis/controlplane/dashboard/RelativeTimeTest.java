package dev.portcullis.controlplane.dashboard;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class RelativeTimeTest {

    private static final Instant NOW = Instant.parse("2026-01-31T12:00:00Z");

    @Test
    void saysNeverWithoutATime() {
        assertThat(RelativeTime.between(null, NOW)).isEqualTo("never");
    }

    @Test
    void roundsDownToTheLargestWholeUnit() {
        assertThat(RelativeTime.between(NOW.minusSeconds(2), NOW)).isEqualTo("just now");
        assertThat(RelativeTime.between(NOW.minusSeconds(1), NOW.plusSeconds(0))).isEqualTo("just now");
        assertThat(RelativeTime.between(NOW.minusSeconds(42), NOW)).isEqualTo("42 seconds ago");
        assertThat(RelativeTime.between(NOW.minusSeconds(60), NOW)).isEqualTo("1 minute ago");
        assertThat(RelativeTime.between(NOW.minusSeconds(3 * 3600 + 59 * 60), NOW)).isEqualTo("3 hours ago");
        assertThat(RelativeTime.between(NOW.minusSeconds(2 * 86_400 + 5), NOW)).isEqualTo("2 days ago");
    }

    @Test
    void aClockAheadOfOursIsJustNow() {
        assertThat(RelativeTime.between(NOW.plusSeconds(30), NOW)).isEqualTo("just now");
    }
}
