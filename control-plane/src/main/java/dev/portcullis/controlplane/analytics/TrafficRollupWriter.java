package dev.portcullis.controlplane.analytics;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;

/**
 * Adds folded roll-up rows to a traffic roll-up table ({@code analytics_traffic_*}): the rows are summed per bucket,
 * proxy, member, primitive and status (key, alias and gateway error code dropped), then inserted or added to the stored
 * counts, all rows in one statement (one array per column, {@code unnest}). Stateless; the caller owns the
 * transaction.
 */
final class TrafficRollupWriter {

    private static final Map<Resolution, String> UPSERTS = new EnumMap<>(Resolution.class);

    static {
        for (Resolution resolution : Resolution.values()) {
            String table = resolution.trafficTable();
            UPSERTS.put(resolution, "insert into " + table + " (bucket, proxy_id, member, primitive_type, "
                    + "primitive_name, status, requests, errors) select to_timestamp(bucket), proxy_id, member, "
                    + "primitive_type, primitive_name, status, requests, errors from unnest(?::bigint[], ?::text[], "
                    + "?::text[], ?::text[], ?::text[], ?::int[], ?::bigint[], ?::bigint[]) as u(bucket, proxy_id, "
                    + "member, primitive_type, primitive_name, status, requests, errors) "
                    + "on conflict (bucket, proxy_id, member, primitive_type, primitive_name, status) do update set "
                    + "requests = " + table + ".requests + excluded.requests, "
                    + "errors = " + table + ".errors + excluded.errors");
        }
    }

    private TrafficRollupWriter() {
    }

    /** One traffic roll-up row's key. */
    record TrafficKey(Instant bucket, String proxyId, String member, String primitiveType, String primitiveName,
                      int status) {

        /**
         * The order every control plane writes a batch's traffic rows in, against deadlocks (see {@link Rollups}):
         * bucket, proxy, primitive type and name, status, member.
         */
        static final Comparator<TrafficKey> ORDER = TrafficKey::compare;

        private static int compare(TrafficKey a, TrafficKey b) {
            int order = RollupKey.compareBucketAndPrimitive(a.bucket, a.proxyId, a.primitiveType, a.primitiveName,
                    b.bucket, b.proxyId, b.primitiveType, b.primitiveName);
            if (order == 0) {
                order = Integer.compare(a.status, b.status);
            }
            return order != 0 ? order : a.member.compareTo(b.member);
        }
    }

    /** Sums {@code rows} (as folded for the full roll-up) per traffic key: requests at [0], errors at [1]. */
    static Map<TrafficKey, long[]> fold(Map<RollupKey, RollupRow> rows) {
        Map<TrafficKey, long[]> traffic = new HashMap<>();
        rows.forEach((key, row) -> {
            long[] counts = traffic.computeIfAbsent(new TrafficKey(key.bucket(), key.proxyId(), key.member(), key.primitiveType(),
                    key.primitiveName(), key.status()), k -> new long[2]);
            counts[0] += row.requests();
            counts[1] += row.errors();
        });
        return Rollups.sorted(traffic, TrafficKey.ORDER);
    }

    static void upsert(Connection connection, Resolution resolution, Map<RollupKey, RollupRow> rows)
            throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        Map<TrafficKey, long[]> traffic = fold(rows);
        int size = traffic.size();
        long[] buckets = new long[size];
        String[] proxies = new String[size];
        String[] members = new String[size];
        String[] primitiveTypes = new String[size];
        String[] primitiveNames = new String[size];
        long[] statuses = new long[size];
        long[] requests = new long[size];
        long[] errors = new long[size];
        int i = 0;
        for (Map.Entry<TrafficKey, long[]> entry : traffic.entrySet()) {
            TrafficKey key = entry.getKey();
            buckets[i] = key.bucket().getEpochSecond();
            proxies[i] = key.proxyId();
            members[i] = key.member();
            primitiveTypes[i] = key.primitiveType();
            primitiveNames[i] = key.primitiveName();
            statuses[i] = key.status();
            requests[i] = entry.getValue()[0];
            errors[i] = entry.getValue()[1];
            i++;
        }
        try (PreparedStatement statement = connection.prepareStatement(UPSERTS.get(resolution))) {
            statement.setObject(1, ArrayParameter.int8(buckets, null));
            statement.setObject(2, ArrayParameter.text(proxies));
            statement.setObject(3, ArrayParameter.text(members));
            statement.setObject(4, ArrayParameter.text(primitiveTypes));
            statement.setObject(5, ArrayParameter.text(primitiveNames));
            statement.setObject(6, ArrayParameter.int4(statuses, null));
            statement.setObject(7, ArrayParameter.int8(requests, null));
            statement.setObject(8, ArrayParameter.int8(errors, null));
            statement.executeUpdate();
        }
    }
}
