package dev.portcullis.controlplane.analytics;

import dev.portcullis.model.analytics.AnalyticsRecord;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Folds records into roll-up rows for one resolution, in {@link RollupKey#ORDER}: every control plane then upserts
 * the rows of a batch in the same order, so two of them ingesting at once wait for each other's row locks instead
 * of deadlocking. Stateless.
 */
final class Rollups {

    private Rollups() {
    }

    static Map<RollupKey, RollupRow> fold(Collection<AnalyticsRecord> records, Resolution resolution) {
        // Summed by hash, then sorted once: a batch has far fewer rows than records (docs/performance.md).
        Map<RollupKey, RollupRow> summed = new HashMap<>();
        for (AnalyticsRecord record : records) {
            summed.computeIfAbsent(RollupKey.of(record, resolution), key -> new RollupRow()).add(record);
        }
        Map<RollupKey, RollupRow> rows = new TreeMap<>(RollupKey.ORDER);
        rows.putAll(summed);
        return rows;
    }
}
