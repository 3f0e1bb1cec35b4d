package dev.portcullis.controlplane.analytics;

import org.postgresql.ds.PGSimpleDataSource;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.sql.DataSource;

/**
 * The analytics benchmark data set (not a test): 30 days of one request per second on each of 20 tools of proxy
 * {@code bench}, spread over {@code keys} keys ({@code key_1}...), 1% answered 500, in the day, hour and traffic
 * roll-ups, and minute roll-ups for the minute retention (2 days). Generated in SQL with {@code generate_series},
 * then {@code vacuum analyze} (the state autovacuum keeps older roll-ups in). Run as a program it fills an already
 * migrated database: {@code AnalyticsBenchData <jdbc url> <user> [keys]} ({@code bench/analytics-http}).
 */
public final class AnalyticsBenchData {

    static final int PRIMITIVES = 20;
    static final int DAYS = 30;

    private AnalyticsBenchData() {
    }

    public static void main(String[] args) throws Exception {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setUrl(args[0]);
        dataSource.setUser(args[1]);
        int keys = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        fill(dataSource, Instant.now().truncatedTo(ChronoUnit.MINUTES), keys);
    }

    /** Fills the roll-ups for the 30 days before {@code now}. */
    static void fill(DataSource dataSource, Instant now, int keys) throws Exception {
        long loadStart = System.nanoTime();
        try (Connection connection = dataSource.getConnection()) {
            fill(connection, Resolution.DAY, now.minus(Duration.ofDays(DAYS)), now, keys);
            fill(connection, Resolution.HOUR, now.minus(Duration.ofDays(DAYS)), now, keys);
            fill(connection, Resolution.MINUTE, now.minus(Duration.ofDays(2)), now, keys);
            try (Statement analyze = connection.createStatement()) {
                analyze.execute("vacuum analyze");
            }
        }
        System.out.printf("loaded roll-ups for %d tools x %d keys x %d days in %d ms%n", PRIMITIVES, keys, DAYS,
                (System.nanoTime() - loadStart) / 1_000_000);
    }

    /**
     * One row per bucket, tool, key and status (200 and 500): the bucket's requests (one per second per tool) split
     * evenly over the keys, 1% of them 500. Latencies: tool i takes about (i + 1) * 5 ms.
     */
    private static void fill(Connection connection, Resolution resolution, Instant from, Instant to, int keys)
            throws Exception {
        long seconds = resolution.size().toSeconds();
        String histogram = "array[" + String.join(", ", buckets()) + "]::bigint[]";
        String sql = "insert into " + resolution.table() + " (bucket, proxy_id, primitive_type, primitive_name, "
                + "key_id, status, error_code, alias, requests, errors, latency_sum_micros, latency_max_micros, "
                + "latency_histogram) "
                + "select b, 'bench', 'tool', 'tool_' || p, 'key_' || k, s, 0, 'agent_' || k, n, "
                + "case when s = 500 then n else 0 end, n * (p + 1) * 5000, (p + 1) * 7000, " + histogram
                + " from generate_series(?::timestamptz, ?::timestamptz - interval '1 second', ?::interval) b, "
                + "generate_series(0, " + (PRIMITIVES - 1) + ") p, generate_series(1, ?) k, "
                + "(values (200), (500)) st(s), "
                + "lateral (select greatest(1, case when s = 500 then " + seconds + " / 100 / ? else " + seconds
                + " * 99 / 100 / ? end)::bigint as n) c";
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setTimestamp(1, Timestamp.from(resolution.bucket(from)));
            statement.setTimestamp(2, Timestamp.from(to));
            statement.setString(3, seconds + " seconds");
            statement.setInt(4, keys);
            statement.setInt(5, keys);
            statement.setInt(6, keys);
            int rows = statement.executeUpdate();
            System.out.printf("%s: %d rows%n", resolution.table(), rows);
        }
        try (Statement traffic = connection.createStatement()) {
            int rows = traffic.executeUpdate("insert into " + resolution.trafficTable() + " select bucket, proxy_id, "
                    + "primitive_type, primitive_name, status, sum(requests), sum(errors) from " + resolution.table()
                    + " group by 1, 2, 3, 4, 5");
            System.out.printf("%s: %d rows%n", resolution.trafficTable(), rows);
        }
    }

    /** Every request of tool p in the histogram bucket of its latency, (p + 1) * 5 ms. */
    private static List<String> buckets() {
        List<String> counters = new ArrayList<>();
        for (int i = 0; i < LatencyHistogram.BUCKETS; i++) {
            counters.add("case when " + i + " = (select count(*) from unnest(array"
                    + Arrays.toString(LatencyHistogram.BOUNDS_MS) + "::bigint[]) bound where bound < (p + 1) * 5)"
                    + " then n else 0 end");
        }
        return counters;
    }

}
