package dev.portcullis.controlplane.analytics;

import dev.portcullis.model.analytics.AnalyticsRecord;
import javax.sql.DataSource;
import jakarta.enterprise.context.ApplicationScoped;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/** The analytics reads behind the API, on the roll-ups (traffic, primitives) and raw records. Blocking JDBC. */
@ApplicationScoped
public class AnalyticsQueries {

    private static final String HISTOGRAM_SUMS;

    static {
        StringBuilder sums = new StringBuilder();
        for (int i = 1; i <= LatencyHistogram.BUCKETS; i++) {
            sums.append(", sum(latency_histogram[").append(i).append("])");
        }
        HISTOGRAM_SUMS = sums.toString();
    }

    private final DataSource dataSource;

    AnalyticsQueries(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** The traffic groupings: none, per proxy, per primitive. */
    enum GroupBy { NONE, PROXY, PRIMITIVE }

    /**
     * Traffic per bucket (and group), oldest first. Reads the traffic roll-ups (one row per bucket, primitive and
     * status), or the full roll-ups when a key or alias filter is set. Per primitive, the traffic roll-up rows are
     * already the answer: they are read in primary key order, without grouping or sorting. The rows arrive sorted by
     * point and status, so each point is built from consecutive rows.
     */
    AnalyticsViews.Traffic traffic(AnalyticsFilter filter, GroupBy groupBy) throws SQLException {
        String groupColumns = switch (groupBy) {
            case NONE -> "bucket, ";
            case PROXY -> "bucket, proxy_id, ";
            case PRIMITIVE -> "bucket, proxy_id, primitive_type, primitive_name, ";
        };
        int groups = groupBy == GroupBy.NONE ? 0 : groupBy == GroupBy.PROXY ? 1 : 3;
        boolean byKey = filter.filtersKey();
        List<Object> parameters = new ArrayList<>();
        String table = byKey ? filter.resolution().table() : filter.resolution().trafficTable();
        String where = filter.rollupWhere(parameters, filter.resolution().bucket(filter.from()), filter.to(), byKey);
        String sql = groupBy == GroupBy.PRIMITIVE && !byKey
                ? "select " + groupColumns + "status, requests, errors from " + table + where
                        + " order by " + groupColumns + "status"
                : "select " + groupColumns + "status, sum(requests), sum(errors) from " + table + where
                        + " group by " + groupColumns + "status order by " + groupColumns + "status";
        List<AnalyticsViews.TrafficPoint> result = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = prepare(connection, sql, parameters);
             ResultSet rows = statement.executeQuery()) {
            TrafficPointBuilder point = null;
            while (rows.next()) {
                Timestamp bucket = rows.getTimestamp(1);
                String proxy = groups >= 1 ? rows.getString(2) : null;
                String type = groups == 3 ? rows.getString(3) : null;
                String name = groups == 3 ? rows.getString(4) : null;
                if (point == null || !point.is(bucket, proxy, type, name)) {
                    if (point != null) {
                        result.add(point.build());
                    }
                    point = new TrafficPointBuilder(bucket, proxy, type, name);
                }
                point.add(rows.getInt(groups + 2), rows.getLong(groups + 3), rows.getLong(groups + 4));
            }
            if (point != null) {
                result.add(point.build());
            }
        }
        return new AnalyticsViews.Traffic(filter.from(), filter.to(), filter.resolution().label(),
                groupBy.name().toLowerCase(java.util.Locale.ROOT), result);
    }

    /** One traffic point being summed from its rows (one per status). */
    private static final class TrafficPointBuilder {
        private final Timestamp bucket;
        private final String proxy;
        private final String primitiveType;
        private final String primitive;
        private long requests;
        private long errors;
        private final Map<String, Long> statusCodes = new TreeMap<>();

        TrafficPointBuilder(Timestamp bucket, String proxy, String primitiveType, String primitive) {
            this.bucket = bucket;
            this.proxy = proxy;
            this.primitiveType = primitiveType;
            this.primitive = primitive;
        }

        boolean is(Timestamp otherBucket, String otherProxy, String otherType, String otherPrimitive) {
            return bucket.equals(otherBucket) && Objects.equals(proxy, otherProxy)
                    && Objects.equals(primitiveType, otherType) && Objects.equals(primitive, otherPrimitive);
        }

        void add(int status, long statusRequests, long statusErrors) {
            requests += statusRequests;
            errors += statusErrors;
            statusCodes.merge(Integer.toString(status), statusRequests, Long::sum);
        }

        AnalyticsViews.TrafficPoint build() {
            return new AnalyticsViews.TrafficPoint(bucket.toInstant(), emptyToNull(proxy), emptyToNull(primitiveType),
                    emptyToNull(primitive), requests, errors, statusCodes);
        }
    }

    /**
     * Per primitive (per proxy): counts, error rate, mean and p95 latency; sorted and cut to {@code limit}. The range
     * is read as {@link RollupTiles} (whole days from the day roll-ups and so on) and summed in SQL, histogram
     * included, so the answer is one row per primitive whatever the resolution.
     */
    List<AnalyticsViews.PrimitiveStats> primitives(AnalyticsFilter filter, PrimitiveSort sort, int limit)
            throws SQLException {
        List<AnalyticsViews.PrimitiveStats> stats = new ArrayList<>();
        summed(filter, "proxy_id, primitive_type, primitive_name", "primitive_type <> ''",
                (groups, requests, errors, meanMs, p95Ms) -> stats.add(new AnalyticsViews.PrimitiveStats(
                        emptyToNull(groups[0]), groups[1], groups[2], requests, errors, errorRate(requests, errors),
                        meanMs, p95Ms)));
        stats.sort(sort.order());
        return stats.subList(0, Math.min(limit, stats.size()));
    }

    /**
     * Per key (id and alias; requests without a key are one row with neither): counts, error rate, mean and p95
     * latency, busiest first, cut to {@code limit}. Read like {@link #primitives}, from the full roll-ups.
     */
    List<AnalyticsViews.ConsumerStats> consumers(AnalyticsFilter filter, int limit) throws SQLException {
        List<AnalyticsViews.ConsumerStats> stats = new ArrayList<>();
        summed(filter, "key_id, alias", "true",
                (groups, requests, errors, meanMs, p95Ms) -> stats.add(new AnalyticsViews.ConsumerStats(
                        emptyToNull(groups[0]), emptyToNull(groups[1]), requests, errors,
                        errorRate(requests, errors), meanMs, p95Ms)));
        stats.sort(Comparator.comparingLong(AnalyticsViews.ConsumerStats::requests).reversed()
                .thenComparing(c -> c.alias() == null ? "" : c.alias()));
        return stats.subList(0, Math.min(limit, stats.size()));
    }

    /** One group's sums, as {@link #summed} hands them over. */
    private interface SummedRow {
        void accept(String[] groups, long requests, long errors, double meanMs, double p95Ms);
    }

    /**
     * Sums the full roll-ups over the range per {@code groupColumns} (comma-separated), read as {@link RollupTiles}
     * (whole days from the day roll-ups and so on) and summed in SQL, histogram included, so the answer is one row
     * per group whatever the resolution.
     */
    private void summed(AnalyticsFilter filter, String groupColumns, String condition, SummedRow row)
            throws SQLException {
        int groups = groupColumns.split(",").length;
        List<Object> parameters = new ArrayList<>();
        StringBuilder union = new StringBuilder();
        for (RollupTiles.Tile tile : RollupTiles.of(filter.resolution(), filter.from(), filter.to())) {
            union.append(union.isEmpty() ? "" : " union all ")
                    .append("select ").append(groupColumns)
                    .append(", requests, errors, latency_sum_micros, latency_max_micros, latency_histogram from ")
                    .append(tile.resolution().table())
                    .append(filter.rollupWhere(parameters, tile.from(), tile.to(), true))
                    .append(" and ").append(condition);
        }
        String sql = "select " + groupColumns + ", sum(requests), sum(errors), sum(latency_sum_micros), "
                + "max(latency_max_micros)" + HISTOGRAM_SUMS + " from (" + union + ") tiles group by " + groupColumns;
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = prepare(connection, sql, parameters);
             ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                String[] values = new String[groups];
                for (int i = 0; i < groups; i++) {
                    values[i] = rows.getString(i + 1);
                }
                long requests = rows.getLong(groups + 1);
                long[] histogram = new long[LatencyHistogram.BUCKETS];
                for (int i = 0; i < histogram.length; i++) {
                    histogram[i] = rows.getLong(groups + 5 + i);
                }
                row.accept(values, requests, rows.getLong(groups + 2),
                        requests == 0 ? 0 : round(rows.getLong(groups + 3) / 1_000.0 / requests, 3),
                        round(LatencyHistogram.percentileMs(histogram, 0.95, rows.getLong(groups + 4)), 3));
            }
        }
    }

    private static double errorRate(long requests, long errors) {
        return requests == 0 ? 0 : round((double) errors / requests, 4);
    }

    /** Raw records, newest first; one more than {@code size} is read to tell whether a next page exists. */
    List<AnalyticsRecord> records(AnalyticsFilter filter, int page, int size) throws SQLException {
        List<Object> parameters = new ArrayList<>();
        String sql = "select id, time, gateway, proxy_id, http_method, path, status, latency_micros, "
                + "upstream_latency_micros, bytes_in, bytes_out, consumer_type, key_id, alias, mcp_method, "
                + "primitive_type, primitive_name, error_code, error_reason, session_id_hash, trace_id, "
                + "upstream_error_code, tool_error, truncated, protocol_version, member from analytics_record" + filter.recordWhere(parameters)
                + " order by time desc, id desc limit ? offset ?";
        parameters.add(size + 1);
        parameters.add((long) page * size);
        List<AnalyticsRecord> records = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = prepare(connection, sql, parameters);
             ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                records.add(new AnalyticsRecord(rows.getString(1), rows.getTimestamp(2).toInstant(),
                        rows.getString(3), rows.getString(4), rows.getString(5), rows.getString(6), rows.getInt(7),
                        rows.getLong(8), (Long) rows.getObject(9, Long.class), rows.getLong(10), rows.getLong(11),
                        rows.getString(12), rows.getString(13), rows.getString(14), rows.getString(15),
                        rows.getString(16), rows.getString(17), rows.getObject(18, Integer.class),
                        rows.getString(19), rows.getString(20), rows.getString(21),
                        rows.getObject(22, Integer.class), rows.getBoolean(23), rows.getBoolean(24),
                        rows.getString(25), rows.getString(26)));
            }
        }
        return records;
    }

    private static PreparedStatement prepare(Connection connection, String sql, List<Object> parameters)
            throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        for (int i = 0; i < parameters.size(); i++) {
            statement.setObject(i + 1, parameters.get(i));
        }
        return statement;
    }

    private static String emptyToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }

    private static double round(double value, int digits) {
        double scale = Math.pow(10, digits);
        return Math.round(value * scale) / scale;
    }

    /** The orders of {@code /api/analytics/primitives}. */
    enum PrimitiveSort {
        USED(Comparator.comparingLong(AnalyticsViews.PrimitiveStats::requests).reversed()),
        FAILING(Comparator.comparingLong(AnalyticsViews.PrimitiveStats::errors).reversed()
                .thenComparing(Comparator.comparingDouble(AnalyticsViews.PrimitiveStats::errorRate).reversed())),
        SLOWEST(Comparator.comparingDouble(AnalyticsViews.PrimitiveStats::p95LatencyMs).reversed()
                .thenComparing(Comparator.comparingDouble(AnalyticsViews.PrimitiveStats::avgLatencyMs).reversed()));

        private final Comparator<AnalyticsViews.PrimitiveStats> order;

        PrimitiveSort(Comparator<AnalyticsViews.PrimitiveStats> order) {
            this.order = order.thenComparing(AnalyticsViews.PrimitiveStats::primitive);
        }

        Comparator<AnalyticsViews.PrimitiveStats> order() {
            return order;
        }
    }
}
