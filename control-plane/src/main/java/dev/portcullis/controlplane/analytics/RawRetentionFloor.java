package dev.portcullis.controlplane.analytics;

import java.time.Duration;

/**
 * The shortest raw retention ({@code PORTCULLIS_ANALYTICS_RAW_RETENTION}) the control plane runs with while it
 * ingests. Ingest tells a redelivered stream entry from a new one by its raw row ({@code ON CONFLICT (id) DO
 * NOTHING}); once retention deleted that row, a redelivery (a crash between commit and {@code XACK}, an entry
 * claimed from a dead control plane after {@code PORTCULLIS_ANALYTICS_CLAIM_IDLE}, a record a gateway appended
 * twice) would be counted again. So the raw retention must outlast the claim idle time and is never below
 * {@link #MINIMUM}. Stateless.
 */
final class RawRetentionFloor {

    static final Duration MINIMUM = Duration.ofDays(1);

    private RawRetentionFloor() {
    }

    /**
     * Returns normally when {@code rawRetention} is at least {@link #MINIMUM} and longer than {@code claimIdle};
     * otherwise throws {@link IllegalStateException} naming the setting, which stops the control plane's start.
     */
    static void check(Duration rawRetention, Duration claimIdle) {
        if (rawRetention.compareTo(MINIMUM) >= 0 && rawRetention.compareTo(claimIdle) > 0) {
            return;
        }
        throw new IllegalStateException("PORTCULLIS_ANALYTICS_RAW_RETENTION (portcullis.analytics.raw-retention) is "
                + rawRetention + "; it must be at least " + MINIMUM + " and longer than PORTCULLIS_ANALYTICS_CLAIM_IDLE ("
                + claimIdle + "): ingest recognises a redelivered stream entry by its raw record, so a shorter raw"
                + " retention would count redelivered entries twice");
    }
}
