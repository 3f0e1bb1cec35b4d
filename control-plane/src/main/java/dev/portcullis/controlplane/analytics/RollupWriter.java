package dev.portcullis.controlplane.analytics;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.EnumMap;
import java.util.Map;

/**
 * Adds folded rows to a roll-up table: insert, or on an existing key add the counts, sums and histogram and keep
 * the larger maximum. One statement per call whatever the number of rows: the rows travel as one array per column
 * ({@code unnest}), so PostgreSQL plans and starts one insert instead of one per row (docs/performance.md,
 * "Analytics ingest"). Stateless; the caller owns the transaction.
 */
final class RollupWriter {

    private static final Map<Resolution, String> UPSERTS = new EnumMap<>(Resolution.class);

    static {
        StringBuilder histogramColumns = new StringBuilder();
        StringBuilder histogramArray = new StringBuilder();
        for (int i = 0; i < LatencyHistogram.BUCKETS; i++) {
            histogramColumns.append(", h").append(i);
            histogramArray.append(i == 0 ? "" : ", ").append('h').append(i);
        }
        for (Resolution resolution : Resolution.values()) {
            String table = resolution.table();
            UPSERTS.put(resolution, "insert into " + table + " (bucket, proxy_id, member, primitive_type, "
                    + "primitive_name, key_id, status, error_code, alias, requests, errors, latency_sum_micros, "
                    + "latency_max_micros, latency_histogram) select to_timestamp(bucket), proxy_id, member, "
                    + "primitive_type, primitive_name, key_id, status, error_code, alias, requests, errors, "
                    + "latency_sum_micros, latency_max_micros, array[" + histogramArray + "] from unnest(?::bigint[], "
                    + "?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::int[], ?::int[], ?::text[], "
                    + "?::bigint[], ?::bigint[], ?::bigint[], ?::bigint[]"
                    + ", ?::bigint[]".repeat(LatencyHistogram.BUCKETS) + ") as u(bucket, proxy_id, member, "
                    + "primitive_type, primitive_name, key_id, status, error_code, alias, requests, errors, "
                    + "latency_sum_micros, latency_max_micros" + histogramColumns + ") "
                    + "on conflict (bucket, proxy_id, member, primitive_type, primitive_name, key_id, status, "
                    + "error_code) "
                    + "do update set alias = case when excluded.alias = '' then " + table + ".alias else excluded.alias end, "
                    + "requests = " + table + ".requests + excluded.requests, "
                    + "errors = " + table + ".errors + excluded.errors, "
                    + "latency_sum_micros = " + table + ".latency_sum_micros + excluded.latency_sum_micros, "
                    + "latency_max_micros = greatest(" + table + ".latency_max_micros, excluded.latency_max_micros), "
                    + "latency_histogram = array[" + histogramSums(table) + "]");
        }
    }

    private RollupWriter() {
    }

    /**
     * The stored histogram plus the batch's, counter by counter, written out (16 subscripts): cheaper per row than
     * unnesting both arrays in a subquery.
     */
    private static String histogramSums(String table) {
        StringBuilder sums = new StringBuilder();
        for (int i = 1; i <= LatencyHistogram.BUCKETS; i++) {
            sums.append(i == 1 ? "" : ", ").append(table).append(".latency_histogram[").append(i)
                    .append("] + excluded.latency_histogram[").append(i).append(']');
        }
        return sums.toString();
    }

    /** Upserts {@code rows}, whose keys are distinct (a map), so no row is affected twice by the one statement. */
    static void upsert(Connection connection, Resolution resolution, Map<RollupKey, RollupRow> rows)
            throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        int size = rows.size();
        long[] buckets = new long[size];
        String[] proxies = new String[size];
        String[] members = new String[size];
        String[] primitiveTypes = new String[size];
        String[] primitiveNames = new String[size];
        String[] keys = new String[size];
        long[] statuses = new long[size];
        long[] errorCodes = new long[size];
        String[] aliases = new String[size];
        long[] requests = new long[size];
        long[] errors = new long[size];
        long[] latencySums = new long[size];
        long[] latencyMaxima = new long[size];
        long[][] histogram = new long[LatencyHistogram.BUCKETS][size];
        int i = 0;
        for (Map.Entry<RollupKey, RollupRow> entry : rows.entrySet()) {
            RollupKey key = entry.getKey();
            RollupRow row = entry.getValue();
            buckets[i] = key.bucket().getEpochSecond();
            proxies[i] = key.proxyId();
            members[i] = key.member();
            primitiveTypes[i] = key.primitiveType();
            primitiveNames[i] = key.primitiveName();
            keys[i] = key.keyId();
            statuses[i] = key.status();
            errorCodes[i] = key.errorCode();
            aliases[i] = row.alias();
            requests[i] = row.requests();
            errors[i] = row.errors();
            latencySums[i] = row.latencySumMicros();
            latencyMaxima[i] = row.latencyMaxMicros();
            for (int b = 0; b < LatencyHistogram.BUCKETS; b++) {
                histogram[b][i] = row.histogramCount(b);
            }
            i++;
        }
        try (PreparedStatement statement = connection.prepareStatement(UPSERTS.get(resolution))) {
            int index = 1;
            statement.setObject(index++, ArrayParameter.int8(buckets, null));
            statement.setObject(index++, ArrayParameter.text(proxies));
            statement.setObject(index++, ArrayParameter.text(members));
            statement.setObject(index++, ArrayParameter.text(primitiveTypes));
            statement.setObject(index++, ArrayParameter.text(primitiveNames));
            statement.setObject(index++, ArrayParameter.text(keys));
            statement.setObject(index++, ArrayParameter.int4(statuses, null));
            statement.setObject(index++, ArrayParameter.int4(errorCodes, null));
            statement.setObject(index++, ArrayParameter.text(aliases));
            statement.setObject(index++, ArrayParameter.int8(requests, null));
            statement.setObject(index++, ArrayParameter.int8(errors, null));
            statement.setObject(index++, ArrayParameter.int8(latencySums, null));
            statement.setObject(index++, ArrayParameter.int8(latencyMaxima, null));
            for (long[] counts : histogram) {
                statement.setObject(index++, ArrayParameter.int8(counts, null));
            }
            statement.executeUpdate();
        }
    }
}
