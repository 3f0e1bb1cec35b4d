package dev.portcullis.controlplane.analytics;

import dev.portcullis.model.analytics.AnalyticsRecord;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/** Folds records into roll-up rows for one resolution. Stateless. */
final class Rollups {

    private Rollups() {
    }

    static Map<RollupKey, RollupRow> fold(Collection<AnalyticsRecord> records, Resolution resolution) {
        Map<RollupKey, RollupRow> rows = new LinkedHashMap<>();
        for (AnalyticsRecord record : records) {
            rows.computeIfAbsent(RollupKey.of(record, resolution), key -> new RollupRow()).add(record);
        }
        return rows;
    }
}
