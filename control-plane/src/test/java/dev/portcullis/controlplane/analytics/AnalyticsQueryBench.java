package dev.portcullis.controlplane.analytics;

import dev.portcullis.launcher.services.TestDatabase;
import dev.portcullis.launcher.services.TestDatabases;
import org.flywaydb.core.Flyway;
import org.postgresql.ds.PGSimpleDataSource;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * Benchmark, not a test (run by {@code bench/analytics}): fills a fresh database with {@link AnalyticsBenchData}
 * ({@code BENCH_KEYS} keys, default 5), then times every query shape behind {@code /api/analytics} and prints median,
 * min and max of {@code BENCH_RUNS} runs per query (default 15), after 2 warm-up runs.
 */
public final class AnalyticsQueryBench {

    private static final int DAYS = AnalyticsBenchData.DAYS;

    private AnalyticsQueryBench() {
    }

    public static void main(String[] args) throws Exception {
        int keys = Integer.parseInt(System.getenv().getOrDefault("BENCH_KEYS", "5"));
        int runs = Integer.parseInt(System.getenv().getOrDefault("BENCH_RUNS", "15"));
        try (TestDatabase database = TestDatabases.create()) {
            PGSimpleDataSource dataSource = new PGSimpleDataSource();
            dataSource.setUrl(database.jdbcUrl());
            dataSource.setUser(database.user());
            if (database.password() != null) {
                dataSource.setPassword(database.password());
            }
            Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
            Instant now = Instant.now().truncatedTo(ChronoUnit.MINUTES);
            AnalyticsBenchData.fill(dataSource, now, keys);
            AnalyticsQueries queries = new AnalyticsQueries(dataSource);
            String month = now.minus(Duration.ofDays(DAYS)).toString();
            String day = now.minus(Duration.ofDays(1)).toString();
            List<Object[]> results = new ArrayList<>();
            results.add(time("traffic 30 days (day resolution)", runs, () -> queries.traffic(
                    filter(month, now, null), AnalyticsQueries.GroupBy.NONE)));
            results.add(time("traffic 30 days (hour resolution)", runs, () -> queries.traffic(
                    filter(month, now, "hour"), AnalyticsQueries.GroupBy.NONE)));
            results.add(time("traffic 30 days by proxy (hour resolution)", runs, () -> queries.traffic(
                    filter(month, now, "hour"), AnalyticsQueries.GroupBy.PROXY)));
            results.add(time("traffic 30 days by tool (hour resolution)", runs, () -> queries.traffic(
                    filter(month, now, "hour"), AnalyticsQueries.GroupBy.PRIMITIVE)));
            results.add(time("traffic 30 days of one key (hour resolution)", runs, () -> queries.traffic(
                    filter(month, now, "hour", "key_1"), AnalyticsQueries.GroupBy.NONE)));
            results.add(time("traffic 24 h (minute resolution)", runs, () -> queries.traffic(
                    filter(day, now, "minute"), AnalyticsQueries.GroupBy.NONE)));
            results.add(time("traffic 24 h by tool (minute resolution)", runs, () -> queries.traffic(
                    filter(day, now, "minute"), AnalyticsQueries.GroupBy.PRIMITIVE)));
            results.add(time("traffic 24 h of one key by tool (minute resolution)", runs, () -> queries.traffic(
                    filter(day, now, "minute", "key_1"), AnalyticsQueries.GroupBy.PRIMITIVE)));
            for (AnalyticsQueries.PrimitiveSort sort : AnalyticsQueries.PrimitiveSort.values()) {
                results.add(time("top 10 " + sort.name().toLowerCase(java.util.Locale.ROOT) + ", 30 days", runs,
                        () -> queries.primitives(filter(month, now, null), sort, 10)));
            }
            results.add(time("top 10 used, 30 days (hour resolution)", runs, () -> queries.primitives(
                    filter(month, now, "hour"), AnalyticsQueries.PrimitiveSort.USED, 10)));
            results.add(time("top 10 slowest, 24 h (minute resolution)", runs, () -> queries.primitives(
                    filter(day, now, "minute"), AnalyticsQueries.PrimitiveSort.SLOWEST, 10)));
            results.add(time("top 10 used of one key, 30 days", runs, () -> queries.primitives(
                    filter(month, now, null, "key_1"), AnalyticsQueries.PrimitiveSort.USED, 10)));
            System.out.printf("%n| query | median ms | min ms | max ms |%n|---|---|---|---|%n");
            for (Object[] result : results) {
                System.out.printf("| %s | %.1f | %.1f | %.1f |%n", result);
            }
        }
    }

    private static AnalyticsFilter filter(String from, Instant to, String resolution) {
        return filter(from, to, resolution, null);
    }

    private static AnalyticsFilter filter(String from, Instant to, String resolution, String key) {
        return AnalyticsFilter.parse(from, to.toString(), resolution, null, null, null, key, null, to);
    }

    private static Object[] time(String name, int runs, Callable<?> query) throws Exception {
        query.call();
        query.call();
        double[] millis = new double[runs];
        for (int i = 0; i < runs; i++) {
            long start = System.nanoTime();
            query.call();
            millis[i] = (System.nanoTime() - start) / 1e6;
        }
        Arrays.sort(millis);
        return new Object[]{name, millis[runs / 2], millis[0], millis[runs - 1]};
    }
}
