package dev.portcullis.controlplane.analytics;

import dev.portcullis.model.analytics.AnalyticsRecord;
import dev.portcullis.model.analytics.AnalyticsRecordJson;
import javax.sql.DataSource;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Writes a batch of stream entries into PostgreSQL in one transaction: the raw records ({@code ON CONFLICT (id) DO
 * NOTHING RETURNING id}), then only the records really inserted folded into the minute, hour and day roll-ups, then
 * the count of unparseable entries. A record already stored (a redelivery after a crash before {@code XACK}, or a
 * gateway's retried {@code XADD}) is therefore counted once. Blocking JDBC: call from a worker thread.
 */
@ApplicationScoped
public class AnalyticsStore {

    private static final Logger LOG = Logger.getLogger(AnalyticsStore.class);
    private static final int MAX_ID_LENGTH = 64;

    private final DataSource dataSource;

    AnalyticsStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** What one batch did. */
    record Outcome(int inserted, int duplicates, int deadLetters) {
    }

    /** Stores {@code entries}; after it returns they may be acknowledged. Throws when PostgreSQL fails (nothing stored). */
    public Outcome ingest(List<StreamEntry> entries) throws SQLException {
        // In id order: concurrent control planes then insert overlapping records in the same order (no deadlock).
        Map<String, AnalyticsRecord> records = new TreeMap<>();
        int deadLetters = 0;
        for (StreamEntry entry : entries) {
            AnalyticsRecord record = parse(entry);
            if (record == null) {
                deadLetters++;
            } else {
                records.putIfAbsent(record.id(), record);
            }
        }
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                Set<String> inserted = RawRecords.insert(connection, records.values());
                List<AnalyticsRecord> fresh = new ArrayList<>(inserted.size());
                for (String id : inserted) {
                    fresh.add(records.get(id));
                }
                for (Resolution resolution : Resolution.values()) {
                    Map<RollupKey, RollupRow> rows = Rollups.fold(fresh, resolution);
                    RollupWriter.upsert(connection, resolution, rows);
                    TrafficRollupWriter.upsert(connection, resolution, rows);
                }
                countDeadLetters(connection, deadLetters);
                connection.commit();
                return new Outcome(inserted.size(), entries.size() - deadLetters - inserted.size(), deadLetters);
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        }
    }

    private static AnalyticsRecord parse(StreamEntry entry) {
        try {
            AnalyticsRecord record = AnalyticsRecordJson.read(entry.json());
            if (record.id().isBlank() || record.id().length() > MAX_ID_LENGTH) {
                throw new IllegalArgumentException("record id missing or longer than " + MAX_ID_LENGTH);
            }
            return record;
        } catch (IllegalArgumentException e) {
            LOG.warnf("analytics stream entry %s is not a valid record (%s): counted as dead letter and acknowledged",
                    entry.streamId(), e.getMessage());
            return null;
        }
    }

    private static void countDeadLetters(Connection connection, int deadLetters) throws SQLException {
        if (deadLetters == 0) {
            return;
        }
        try (PreparedStatement statement = connection.prepareStatement("insert into analytics_dead_letter (day, entries) "
                + "values (?, ?) on conflict (day) do update set entries = analytics_dead_letter.entries + excluded.entries")) {
            statement.setDate(1, Date.valueOf(LocalDate.now(ZoneOffset.UTC)));
            statement.setLong(2, deadLetters);
            statement.executeUpdate();
        }
    }

    /** Unparseable entries counted so far, all days. */
    public long deadLetters() throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(
                     "select coalesce(sum(entries), 0) from analytics_dead_letter");
             ResultSet rows = statement.executeQuery()) {
            rows.next();
            return rows.getLong(1);
        }
    }

    static Set<String> idsOf(ResultSet rows) throws SQLException {
        Set<String> ids = new HashSet<>();
        while (rows.next()) {
            ids.add(rows.getString(1));
        }
        return ids;
    }
}
