package dev.portcullis.controlplane.analytics;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class RollupTilesTest {

    private static RollupTiles.Tile tile(Resolution resolution, String from, String to) {
        return new RollupTiles.Tile(resolution, Instant.parse(from), Instant.parse(to));
    }

    @Test
    void aRangeOverWholeDaysReadsDaysAndTheHourAndMinuteEdges() {
        assertThat(RollupTiles.of(Resolution.MINUTE, Instant.parse("2026-03-01T22:30:00Z"),
                Instant.parse("2026-03-04T01:15:30Z"))).containsExactly(
                tile(Resolution.MINUTE, "2026-03-01T22:30:00Z", "2026-03-01T23:00:00Z"),
                tile(Resolution.HOUR, "2026-03-01T23:00:00Z", "2026-03-02T00:00:00Z"),
                tile(Resolution.DAY, "2026-03-02T00:00:00Z", "2026-03-04T00:00:00Z"),
                tile(Resolution.HOUR, "2026-03-04T00:00:00Z", "2026-03-04T01:00:00Z"),
                tile(Resolution.MINUTE, "2026-03-04T01:00:00Z", "2026-03-04T01:16:00Z"));
    }

    @Test
    void aRangeWithinOneHourIsReadAtTheAskedResolution() {
        assertThat(RollupTiles.of(Resolution.MINUTE, Instant.parse("2026-03-01T10:05:20Z"),
                Instant.parse("2026-03-01T10:45:00Z"))).containsExactly(
                tile(Resolution.MINUTE, "2026-03-01T10:05:00Z", "2026-03-01T10:45:00Z"));
    }

    @Test
    void hourResolutionRoundsTheStartDownAndKeepsTheBucketHoldingTheEnd() {
        assertThat(RollupTiles.of(Resolution.HOUR, Instant.parse("2026-03-01T10:05:00Z"),
                Instant.parse("2026-03-03T00:00:01Z"))).containsExactly(
                tile(Resolution.HOUR, "2026-03-01T10:00:00Z", "2026-03-02T00:00:00Z"),
                tile(Resolution.DAY, "2026-03-02T00:00:00Z", "2026-03-03T00:00:00Z"),
                tile(Resolution.HOUR, "2026-03-03T00:00:00Z", "2026-03-03T01:00:00Z"));
    }

    @Test
    void dayResolutionIsOneRead() {
        assertThat(RollupTiles.of(Resolution.DAY, Instant.parse("2026-03-01T10:05:00Z"),
                Instant.parse("2026-03-05T00:00:00Z"))).containsExactly(
                tile(Resolution.DAY, "2026-03-01T00:00:00Z", "2026-03-05T00:00:00Z"));
    }
}
