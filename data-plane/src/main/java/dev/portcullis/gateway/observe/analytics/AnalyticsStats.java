package dev.portcullis.gateway.observe.analytics;

/**
 * Counts of the analytics pipeline on this gateway, for {@code portcullis_analytics_records_total{outcome}} and
 * the {@code portcullis_analytics_buffered} gauge (ADR 0003). Thread-safe; every method is a cheap read.
 */
public interface AnalyticsStats {

    /** No pipeline (analytics disabled): every count is zero. */
    AnalyticsStats NONE = new AnalyticsStats() {
        @Override
        public long written() {
            return 0;
        }

        @Override
        public long dropped() {
            return 0;
        }

        @Override
        public long buffered() {
            return 0;
        }

        @Override
        public long unconfirmedAnswers() {
            return 0;
        }
    };

    /** Records Redis confirmed appending to the stream, since start. */
    long written();

    /**
     * Records dropped since start: the in-memory buffer was full, Redis refused them with an error reply, or the
     * gateway stopped before Redis took them.
     */
    long dropped();

    /** Records waiting in memory for Redis right now (buffered or sent and not yet confirmed). */
    long buffered();

    /** Answers released after the answer hold passed without Redis confirming their record, since start. */
    long unconfirmedAnswers();
}
