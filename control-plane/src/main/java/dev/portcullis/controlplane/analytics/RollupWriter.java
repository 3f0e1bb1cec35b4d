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
        Long[] buckets = new Long[size];
        String[] proxies = new String[size];
        String[] members = new String[size];
        String[] primitiveTypes = new String[size];
        String[] primitiveNames = new String[size];
        String[] keys = new String[size];
        Integer[] statuses = new Integer[size];
        Integer[] errorCodes = new Integer[size];
        String[] aliases = new String[size];
        Long[] requests = new Long[size];
        Long[] errors = new Long[size];
        Long[] latencySums = new Long[size];
        Long[] latencyMaxima = new Long[size];
        Long[][] histogram = new Long[LatencyHistogram.BUCKETS][size];
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
            long[] counts = row.histogram();
            for (int b = 0; b < counts.length; b++) {
                histogram[b][i] = counts[b];
            }
            i++;
        }
        try (PreparedStatement statement = connection.prepareStatement(UPSERTS.get(resolution))) {
            int index = 1;
            statement.setArray(index++, connection.createArrayOf("int8", buckets));
            statement.setArray(index++, connection.createArrayOf("text", proxies));
            statement.setArray(index++, connection.createArrayOf("text", members));
            statement.setArray(index++, connection.createArrayOf("text", primitiveTypes));
            statement.setArray(index++, connection.createArrayOf("text", primitiveNames));
            statement.setArray(index++, connection.createArrayOf("text", keys));
            statement.setArray(index++, connection.createArrayOf("int4", statuses));
            statement.setArray(index++, connection.createArrayOf("int4", errorCodes));
            statement.setArray(index++, connection.createArrayOf("text", aliases));
            statement.setArray(index++, connection.createArrayOf("int8", requests));
            statement.setArray(index++, connection.createArrayOf("int8", errors));
            statement.setArray(index++, connection.createArrayOf("int8", latencySums));
            statement.setArray(index++, connection.createArrayOf("int8", latencyMaxima));
            for (Long[] counts : histogram) {
                statement.setArray(index++, connection.createArrayOf("int8", counts));
            }
            statement.executeUpdate();
        }
    }
}
