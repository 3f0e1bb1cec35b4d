package dev.portcullis.controlplane.analytics;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.EnumMap;
import java.util.Map;

/**
 * Adds folded rows to a roll-up table: insert, or on an existing key add the counts, sums and histogram and keep
 * the larger maximum. Stateless; the caller owns the transaction.
 */
final class RollupWriter {

    private static final Map<Resolution, String> UPSERTS = new EnumMap<>(Resolution.class);

    static {
        for (Resolution resolution : Resolution.values()) {
            String table = resolution.table();
            UPSERTS.put(resolution, "insert into " + table + " (bucket, proxy_id, primitive_type, primitive_name, "
                    + "key_id, status, error_code, alias, requests, errors, latency_sum_micros, latency_max_micros, "
                    + "latency_histogram) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                    + "on conflict (bucket, proxy_id, primitive_type, primitive_name, key_id, status, error_code) "
                    + "do update set alias = case when excluded.alias = '' then " + table + ".alias else excluded.alias end, "
                    + "requests = " + table + ".requests + excluded.requests, "
                    + "errors = " + table + ".errors + excluded.errors, "
                    + "latency_sum_micros = " + table + ".latency_sum_micros + excluded.latency_sum_micros, "
                    + "latency_max_micros = greatest(" + table + ".latency_max_micros, excluded.latency_max_micros), "
                    + "latency_histogram = array(select stored + added from unnest(" + table
                    + ".latency_histogram, excluded.latency_histogram) as h(stored, added))");
        }
    }

    private RollupWriter() {
    }

    static void upsert(Connection connection, Resolution resolution, Map<RollupKey, RollupRow> rows)
            throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        try (PreparedStatement statement = connection.prepareStatement(UPSERTS.get(resolution))) {
            for (Map.Entry<RollupKey, RollupRow> entry : rows.entrySet()) {
                RollupKey key = entry.getKey();
                RollupRow row = entry.getValue();
                statement.setTimestamp(1, Timestamp.from(key.bucket()));
                statement.setString(2, key.proxyId());
                statement.setString(3, key.primitiveType());
                statement.setString(4, key.primitiveName());
                statement.setString(5, key.keyId());
                statement.setInt(6, key.status());
                statement.setInt(7, key.errorCode());
                statement.setString(8, row.alias());
                statement.setLong(9, row.requests());
                statement.setLong(10, row.errors());
                statement.setLong(11, row.latencySumMicros());
                statement.setLong(12, row.latencyMaxMicros());
                Array histogram = connection.createArrayOf("bigint", box(row.histogram()));
                statement.setArray(13, histogram);
                statement.addBatch();
            }
            statement.executeBatch();
        }
    }

    private static Long[] box(long[] values) {
        Long[] boxed = new Long[values.length];
        for (int i = 0; i < values.length; i++) {
            boxed[i] = values[i];
        }
        return boxed;
    }
}
