package dev.portcullis.controlplane.analytics;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Adds folded roll-up rows to a traffic roll-up table ({@code analytics_traffic_*}): the rows are summed per bucket,
 * proxy, primitive and status (key, alias and gateway error code dropped), then inserted or added to the stored
 * counts. Stateless; the caller owns the transaction.
 */
final class TrafficRollupWriter {

    private static final Map<Resolution, String> UPSERTS = new EnumMap<>(Resolution.class);

    static {
        for (Resolution resolution : Resolution.values()) {
            String table = resolution.trafficTable();
            UPSERTS.put(resolution, "insert into " + table + " (bucket, proxy_id, primitive_type, primitive_name, "
                    + "status, requests, errors) values (?, ?, ?, ?, ?, ?, ?) "
                    + "on conflict (bucket, proxy_id, primitive_type, primitive_name, status) do update set "
                    + "requests = " + table + ".requests + excluded.requests, "
                    + "errors = " + table + ".errors + excluded.errors");
        }
    }

    private TrafficRollupWriter() {
    }

    /** One traffic roll-up row's key. */
    record TrafficKey(Instant bucket, String proxyId, String primitiveType, String primitiveName, int status) {
    }

    /** Sums {@code rows} (as folded for the full roll-up) per traffic key: requests at [0], errors at [1]. */
    static Map<TrafficKey, long[]> fold(Map<RollupKey, RollupRow> rows) {
        Map<TrafficKey, long[]> traffic = new LinkedHashMap<>();
        rows.forEach((key, row) -> {
            long[] counts = traffic.computeIfAbsent(new TrafficKey(key.bucket(), key.proxyId(), key.primitiveType(),
                    key.primitiveName(), key.status()), k -> new long[2]);
            counts[0] += row.requests();
            counts[1] += row.errors();
        });
        return traffic;
    }

    static void upsert(Connection connection, Resolution resolution, Map<RollupKey, RollupRow> rows)
            throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        try (PreparedStatement statement = connection.prepareStatement(UPSERTS.get(resolution))) {
            for (Map.Entry<TrafficKey, long[]> entry : fold(rows).entrySet()) {
                TrafficKey key = entry.getKey();
                statement.setTimestamp(1, Timestamp.from(key.bucket()));
                statement.setString(2, key.proxyId());
                statement.setString(3, key.primitiveType());
                statement.setString(4, key.primitiveName());
                statement.setInt(5, key.status());
                statement.setLong(6, entry.getValue()[0]);
                statement.setLong(7, entry.getValue()[1]);
                statement.addBatch();
            }
            statement.executeBatch();
        }
    }
}
