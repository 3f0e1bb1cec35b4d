package dev.portcullis.controlplane.analytics;

import org.jboss.logging.Logger;

import java.sql.SQLException;
import java.util.List;

/**
 * One step of ingestion: take a batch (this consumer's pending entries first, then entries abandoned by a dead
 * consumer, then new ones), store it in one transaction, then acknowledge it. A crash between the commit and the
 * {@code XACK} redelivers the batch, which the store then skips by record id. Not thread-safe: one per ingest thread.
 */
final class IngestCycle {

    /** The default of {@code PORTCULLIS_ANALYTICS_BATCH_SIZE}. */
    static final int BATCH = 2_000;
    static final long BLOCK_MS = 1_000;
    private static final Logger LOG = Logger.getLogger(IngestCycle.class);

    private final AnalyticsStream stream;
    private final AnalyticsStore store;
    private final long claimIdleMs;
    private final int batchSize;

    IngestCycle(AnalyticsStream stream, AnalyticsStore store, long claimIdleMs) {
        this(stream, store, claimIdleMs, BATCH);
    }

    /** @param batchSize the most entries stored in one transaction (at least 1) */
    IngestCycle(AnalyticsStream stream, AnalyticsStore store, long claimIdleMs, int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("analytics batch size must be at least 1, not " + batchSize);
        }
        this.stream = stream;
        this.store = store;
        this.claimIdleMs = claimIdleMs;
        this.batchSize = batchSize;
    }

    /**
     * Runs one step; answers how many entries it acknowledged (0 when the stream had nothing).
     *
     * @throws AnalyticsStream.StreamUnavailableException when Redis fails (nothing acknowledged)
     * @throws SQLException                               when PostgreSQL fails (nothing stored or acknowledged)
     */
    int runOnce() throws SQLException {
        List<StreamEntry> batch = stream.ownPending(batchSize);
        if (batch.isEmpty()) {
            batch = stream.claimAbandoned(claimIdleMs, batchSize);
        }
        if (batch.isEmpty()) {
            batch = stream.readNew(batchSize, BLOCK_MS);
        }
        if (batch.isEmpty()) {
            return 0;
        }
        storeOrIsolate(batch);
        stream.ack(batch);
        return batch.size();
    }

    /**
     * Stores the batch; when PostgreSQL refuses its data (SQLSTATE class 22 or 23, e.g. a NUL character), stores
     * entry by entry and counts the refused ones as dead letters, so one bad record never blocks the stream.
     */
    private void storeOrIsolate(List<StreamEntry> batch) throws SQLException {
        try {
            store.ingest(batch);
        } catch (SQLException e) {
            if (!refusedData(e)) {
                throw e;
            }
            for (StreamEntry entry : batch) {
                try {
                    store.ingest(List.of(entry));
                } catch (SQLException single) {
                    if (!refusedData(single)) {
                        throw single;
                    }
                    LOG.warnf("analytics stream entry %s refused by PostgreSQL (SQLSTATE %s): dead letter",
                            entry.streamId(), single.getSQLState());
                    store.ingest(List.of(new StreamEntry(entry.streamId(), null)));
                }
            }
        }
    }

    private static boolean refusedData(SQLException e) {
        String state = e.getSQLState();
        return state != null && (state.startsWith("22") || state.startsWith("23"));
    }
}
