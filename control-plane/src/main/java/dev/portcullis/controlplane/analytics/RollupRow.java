package dev.portcullis.controlplane.analytics;

import dev.portcullis.model.analytics.AnalyticsRecord;

/**
 * The additive sums of one roll-up row, built from records and added to the stored row by an upsert. Not
 * thread-safe.
 */
final class RollupRow {

    private String alias = "";
    private long requests;
    private long errors;
    private long latencySumMicros;
    private long latencyMaxMicros;
    private final long[] histogram = new long[LatencyHistogram.BUCKETS];

    void add(AnalyticsRecord record) {
        if (record.alias() != null) {
            alias = record.alias();
        }
        requests++;
        if (record.isError()) {
            errors++;
        }
        long latency = Math.max(0, record.latencyMicros());
        latencySumMicros += latency;
        latencyMaxMicros = Math.max(latencyMaxMicros, latency);
        histogram[LatencyHistogram.bucketOf(latency)]++;
    }

    /** Adds another row's sums (of other records): as if this row had been built from its records too. */
    void add(RollupRow other) {
        if (!other.alias.isEmpty()) {
            alias = other.alias;
        }
        requests += other.requests;
        errors += other.errors;
        latencySumMicros += other.latencySumMicros;
        latencyMaxMicros = Math.max(latencyMaxMicros, other.latencyMaxMicros);
        for (int i = 0; i < histogram.length; i++) {
            histogram[i] += other.histogram[i];
        }
    }

    /** The key's latest alias, {@code ""} when no record had one. */
    String alias() {
        return alias;
    }

    long requests() {
        return requests;
    }

    long errors() {
        return errors;
    }

    long latencySumMicros() {
        return latencySumMicros;
    }

    long latencyMaxMicros() {
        return latencyMaxMicros;
    }

    long[] histogram() {
        return histogram.clone();
    }

    /** The histogram's counter {@code bucket} (what {@link #histogram()} holds there, without the copy). */
    long histogramCount(int bucket) {
        return histogram[bucket];
    }
}
