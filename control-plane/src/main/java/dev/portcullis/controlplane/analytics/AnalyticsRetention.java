package dev.portcullis.controlplane.analytics;

import javax.sql.DataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Deletes analytics older than their retention (raw records and dead letters, minute, hour and day roll-ups and
 * traffic roll-ups) every
 * {@value #PERIOD_MINUTES} minutes on its own thread, in batches of {@value #BATCH} rows, each its own short
 * transaction, so a large backlog never holds long locks.
 */
@Singleton
public class AnalyticsRetention {

    static final int BATCH = 5_000;
    private static final long PERIOD_MINUTES = 10;
    private static final Logger LOG = Logger.getLogger(AnalyticsRetention.class);

    private final DataSource dataSource;
    private final AnalyticsConfig.Analytics config;
    private ScheduledExecutorService scheduler;

    AnalyticsRetention(DataSource dataSource, AnalyticsConfig config) {
        this.dataSource = dataSource;
        this.config = config.analytics();
    }

    /** Refuses to start when the raw retention is below {@link RawRetentionFloor} while ingesting. */
    void onStart(@Observes StartupEvent event) {
        if (config.ingest()) {
            RawRetentionFloor.check(config.rawRetention(), config.claimIdle());
        }
        scheduler = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "portcullis-analytics-retention");
            thread.setDaemon(true);
            return thread;
        });
        scheduler.scheduleWithFixedDelay(this::runSafely, 1, PERIOD_MINUTES, TimeUnit.MINUTES);
    }

    void onStop(@Observes ShutdownEvent event) {
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
    }

    private void runSafely() {
        try {
            deleteExpired(Instant.now());
        } catch (SQLException | RuntimeException e) {
            LOG.warnf("analytics retention failed (%s); next try in %d minutes", e.getClass().getSimpleName(),
                    PERIOD_MINUTES);
        }
    }

    /** Deletes everything older than its retention as of {@code now}; answers the rows deleted. Blocking. */
    public long deleteExpired(Instant now) throws SQLException {
        long deleted = deleteBefore("analytics_record", "time", now.minus(config.rawRetention()));
        deleted += deleteBefore("analytics_minute", "bucket", now.minus(config.minuteRetention()));
        deleted += deleteBefore("analytics_traffic_minute", "bucket", now.minus(config.minuteRetention()));
        deleted += deleteBefore("analytics_hour", "bucket", now.minus(config.hourRetention()));
        deleted += deleteBefore("analytics_traffic_hour", "bucket", now.minus(config.hourRetention()));
        deleted += deleteBefore("analytics_day", "bucket", now.minus(config.dayRetention()));
        deleted += deleteBefore("analytics_traffic_day", "bucket", now.minus(config.dayRetention()));
        deleted += deleteBefore("analytics_dead_letter_entry", "dead_lettered_at", now.minus(config.rawRetention()));
        if (deleted > 0) {
            LOG.infof("analytics retention deleted %d rows", deleted);
        }
        return deleted;
    }

    private long deleteBefore(String table, String column, Instant cutoff) throws SQLException {
        String sql = "delete from " + table + " where ctid = any(array(select ctid from " + table + " where "
                + column + " < ? limit " + BATCH + "))";
        long total = 0;
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            connection.setAutoCommit(true);
            int deleted;
            do {
                statement.setTimestamp(1, Timestamp.from(cutoff));
                deleted = statement.executeUpdate();
                total += deleted;
            } while (deleted == BATCH);
        }
        return total;
    }
}
