package dev.portcullis.controlplane.analytics;

import dev.portcullis.controlplane.common.ProblemException;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AnalyticsFilterTest {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

    private static AnalyticsFilter parse(String from, String to, String resolution) {
        return AnalyticsFilter.parse(from, to, resolution, null, null, null, null, null, NOW);
    }

    @Test
    void defaultsToTheLast24HoursAtHourResolution() {
        AnalyticsFilter filter = parse(null, null, null);

        assertThat(filter.from()).isEqualTo(Instant.parse("2026-02-28T12:00:00Z"));
        assertThat(filter.to()).isEqualTo(NOW);
        assertThat(filter.resolution()).isEqualTo(Resolution.HOUR);
    }

    @Test
    void choosesTheResolutionFromTheRange() {
        assertThat(parse("2026-03-01T06:00:00Z", null, null).resolution()).isEqualTo(Resolution.MINUTE);
        assertThat(parse("2026-02-15T12:00:00Z", null, null).resolution()).isEqualTo(Resolution.HOUR);
        assertThat(parse("2026-02-15T11:59:59Z", null, null).resolution()).isEqualTo(Resolution.DAY);
        assertThat(parse("2026-03-01T06:00:00Z", null, "day").resolution()).isEqualTo(Resolution.DAY);
        assertThat(parse("2026-03-01T06:00:00+02:00", null, null).from())
                .isEqualTo(Instant.parse("2026-03-01T04:00:00Z"));
    }

    @Test
    void refusesBadParametersNamingThem() {
        assertField(() -> parse("yesterday", null, null), "from");
        assertField(() -> parse(null, "2026-13-01", null), "to");
        assertField(() -> parse(NOW.toString(), NOW.toString(), null), "from");
        assertField(() -> parse(null, null, "week"), "resolution");
        assertField(() -> parse("2024-01-01T00:00:00Z", null, "minute"), "resolution");
        assertField(() -> AnalyticsFilter.parse(null, null, null, null, "widget", null, null, null, NOW),
                "primitiveType");
    }

    @Test
    void allowsADayAtMinuteResolutionButNotTwo() {
        assertThat(parse("2026-02-28T12:00:00Z", null, "minute").resolution()).isEqualTo(Resolution.MINUTE);
        assertField(() -> parse("2026-02-27T12:00:00Z", null, "minute"), "resolution");
        assertThat(parse("2026-01-01T00:00:00Z", null, "hour").resolution()).isEqualTo(Resolution.HOUR);
        assertField(() -> parse("2025-12-01T00:00:00Z", null, "hour"), "resolution");
    }

    private static void assertField(Runnable parse, String field) {
        assertThatThrownBy(parse::run).isInstanceOfSatisfying(ProblemException.class, e -> {
            assertThat(e.problem().status()).isEqualTo(400);
            assertThat(e.problem().errors()).singleElement().satisfies(error ->
                    assertThat(error.field()).isEqualTo(field));
        });
    }
}
