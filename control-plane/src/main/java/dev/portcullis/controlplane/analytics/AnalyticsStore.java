package dev.portcullis.controlplane.analytics;

import dev.portcullis.model.analytics.AnalyticsRecord;
import dev.portcullis.model.analytics.AnalyticsRecordJson;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import javax.sql.DataSource;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes a batch of stream entries into PostgreSQL in one transaction: the raw records ({@code ON CONFLICT (id) DO
 * NOTHING RETURNING id}), then only the records really inserted folded into the minute, hour and day roll-ups, then
 * the entries that cannot be parsed, as dead letters. A record already stored (a redelivery after a crash before
 * {@code XACK}, or a gateway's retried {@code XADD}) is therefore counted once. Also stores a single entry the
 * database refused as a dead letter ({@link #deadLetter}). Counts the dead letters it stores in
 * {@code portcullis_analytics_dead_letters_total}. Blocking JDBC: call from a worker thread.
 */
@ApplicationScoped
public class AnalyticsStore {

    private static final Logger LOG = Logger.getLogger(AnalyticsStore.class);
    private static final int MAX_ID_LENGTH = 64;
    private static final Comparator<AnalyticsRecord> BY_ID = Comparator.comparing(AnalyticsRecord::id);

    private final DataSource dataSource;
    private final Counter deadLetterCounter;

    AnalyticsStore(DataSource dataSource, MeterRegistry registry) {
        this.dataSource = dataSource;
        this.deadLetterCounter = Counter.builder("portcullis.analytics.dead.letters")
                .description("Analytics stream entries the control plane could not store, kept as dead letters")
                .register(registry);
    }

    /** What one batch did; {@code deadLetters} counts its entries that are not records. */
    record Outcome(int inserted, int duplicates, int deadLetters) {
    }

    /**
     * Stores {@code entries} read from {@code stream}; after it returns they may be acknowledged.
     *
     * @throws SQLException when PostgreSQL fails or refuses any record of the batch (then nothing is stored)
     */
    public Outcome ingest(String stream, List<StreamEntry> entries) throws SQLException {
        List<AnalyticsRecord> parsed = new ArrayList<>(entries.size());
        List<DeadLetter> unparseable = new ArrayList<>();
        for (StreamEntry entry : entries) {
            try {
                parsed.add(parse(entry));
            } catch (IllegalArgumentException e) {
                unparseable.add(DeadLetter.of(stream, entry, e.getMessage()));
            }
        }
        List<AnalyticsRecord> records = distinctInIdOrder(parsed);
        Set<String> inserted;
        int stored;
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                inserted = RawRecords.insert(connection, records);
                List<AnalyticsRecord> fresh = new ArrayList<>(inserted.size());
                for (AnalyticsRecord record : records) {
                    if (inserted.contains(record.id())) {
                        fresh.add(record);
                    }
                }
                Map<RollupKey, RollupRow> rows = null;
                for (Resolution resolution : Resolution.values()) {
                    rows = rows == null ? Rollups.fold(fresh, resolution) : Rollups.coarsen(rows, resolution);
                    RollupWriter.upsert(connection, resolution, rows);
                    TrafficRollupWriter.upsert(connection, resolution, rows);
                }
                KeyLastUse.record(connection, fresh);
                stored = DeadLetters.insert(connection, unparseable);
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        }
        // Logged once stored: a batch being split for another entry's sake may carry this one several times.
        for (DeadLetter letter : unparseable) {
            LOG.warnf("analytics stream entry %s is not a valid record (%s): dead letter", letter.streamId(),
                    letter.error());
        }
        deadLetterCounter.increment(stored);
        return new Outcome(inserted.size(), entries.size() - unparseable.size() - inserted.size(),
                unparseable.size());
    }

    /** Stores {@code entry} as a dead letter for {@code error} (once, however often it is redelivered). */
    public void deadLetter(String stream, StreamEntry entry, String error) throws SQLException {
        int stored;
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                stored = DeadLetters.insert(connection, List.of(DeadLetter.of(stream, entry, error)));
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        }
        deadLetterCounter.increment(stored);
    }

    /**
     * {@code records} sorted by id, each id once (the first of a record appended twice): concurrent control planes
     * then insert overlapping records in the same order (no deadlock). A sort of the list, not a sorted map: this
     * runs for every record.
     */
    static List<AnalyticsRecord> distinctInIdOrder(List<AnalyticsRecord> records) {
        records.sort(BY_ID);
        List<AnalyticsRecord> distinct = new ArrayList<>(records.size());
        String last = null;
        for (AnalyticsRecord record : records) {
            if (!record.id().equals(last)) {
                distinct.add(record);
                last = record.id();
            }
        }
        return distinct;
    }

    private static AnalyticsRecord parse(StreamEntry entry) {
        AnalyticsRecord record = AnalyticsRecordJson.read(entry.json());
        if (record.id().isBlank() || record.id().length() > MAX_ID_LENGTH) {
            throw new IllegalArgumentException("record id missing or longer than " + MAX_ID_LENGTH);
        }
        return record;
    }

    /** Dead letters counted so far, all days. */
    public long deadLetters() throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(
                     "select coalesce(sum(entries), 0) from analytics_dead_letter");
             ResultSet rows = statement.executeQuery()) {
            rows.next();
            return rows.getLong(1);
        }
    }

    /** A page of dead letters, newest first, with one more item than {@code size} when more exist. */
    List<AnalyticsViews.DeadLetterItem> deadLetterPage(int page, int size) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            return DeadLetters.page(connection, page, size);
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
