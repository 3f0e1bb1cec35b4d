package dev.portcullis.controlplane.analytics;

import dev.portcullis.model.analytics.AnalyticsRecord;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
        return sorted(summed, RollupKey.ORDER);
    }

    /**
     * The rows of a coarser {@code resolution} summed from {@code finer} rows (as {@link #fold} of the same records
     * at that resolution would give), in {@link RollupKey#ORDER}: a batch's hour and day rows come from its minute
     * rows, not from its records again.
     */
    static Map<RollupKey, RollupRow> coarsen(Map<RollupKey, RollupRow> finer, Resolution resolution) {
        Map<RollupKey, RollupRow> summed = new HashMap<>();
        finer.forEach((key, row) -> summed.computeIfAbsent(key.in(resolution), k -> new RollupRow()).add(row));
        return sorted(summed, RollupKey.ORDER);
    }

    /** {@code map}'s entries in {@code order}, in a map that keeps it. */
    static <K, V> Map<K, V> sorted(Map<K, V> map, Comparator<K> order) {
        List<Map.Entry<K, V>> entries = new ArrayList<>(map.entrySet());
        entries.sort(Map.Entry.comparingByKey(order));
        Map<K, V> sorted = new LinkedHashMap<>(entries.size() * 4 / 3 + 1);
        for (Map.Entry<K, V> entry : entries) {
            sorted.put(entry.getKey(), entry.getValue());
        }
        return sorted;
    }
}
