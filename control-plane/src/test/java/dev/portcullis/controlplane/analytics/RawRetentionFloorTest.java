package dev.portcullis.controlplane.analytics;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RawRetentionFloorTest {

    @Test
    void acceptsTheDefaultsAndExactlyOneDay() {
        assertThatCode(() -> RawRetentionFloor.check(Duration.ofDays(7), Duration.ofSeconds(60)))
                .doesNotThrowAnyException();
        assertThatCode(() -> RawRetentionFloor.check(Duration.ofDays(1), Duration.ofSeconds(60)))
                .doesNotThrowAnyException();
    }

    @Test
    void refusesARawRetentionShorterThanOneDayNamingTheSetting() {
        assertThatThrownBy(() -> RawRetentionFloor.check(Duration.ofHours(1), Duration.ofSeconds(60)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("PORTCULLIS_ANALYTICS_RAW_RETENTION")
                .hasMessageContaining("PT1H")
                .hasMessageContaining("at least PT24H");
    }

    @Test
    void refusesARawRetentionNotLongerThanTheClaimIdleTime() {
        assertThatThrownBy(() -> RawRetentionFloor.check(Duration.ofDays(2), Duration.ofDays(2)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("PORTCULLIS_ANALYTICS_CLAIM_IDLE (PT48H)");
    }
}
