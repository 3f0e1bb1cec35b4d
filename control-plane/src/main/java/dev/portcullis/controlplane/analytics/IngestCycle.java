package dev.portcullis.controlplane.analytics;

import org.jboss.logging.Logger;

import java.sql.SQLException;
import java.util.List;

/**
 * One step of ingestion: take a batch (this consumer's pending entries first, then entries abandoned by a dead
 * consumer, then new ones), store it in one transaction, then acknowledge it. An entry that cannot be stored is
 * kept as a dead letter and acknowledged with the rest. A crash between the commit and the {@code XACK} redelivers
 * the batch, which the store then skips by record id (and by stream entry id for dead letters). Not thread-safe: one per ingest thread.
 */
final class IngestCycle {

    /** The default of {@code PORTCULLIS_ANALYTICS_BATCH_SIZE}. */
    static final int BATCH = 20_000;
    static final long BLOCK_MS = 1_000;
    private static final Logger LOG = Logger.getLogger(IngestCycle.class);

    private final AnalyticsStream stream;
    private final AnalyticsStore store;
    private final long claimIdleMs;
    private final int batchSize;
    private final IngestMetrics metrics;

    IngestCycle(AnalyticsStream stream, AnalyticsStore store, long claimIdleMs) {
        this(stream, store, claimIdleMs, BATCH, null);
    }

    /**
     * @param batchSize the most entries stored in one transaction (at least 1)
     * @param metrics   where stored batches are counted; null counts nothing
     */
    IngestCycle(AnalyticsStream stream, AnalyticsStore store, long claimIdleMs, int batchSize,
                IngestMetrics metrics) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("analytics batch size must be at least 1, not " + batchSize);
        }
        this.stream = stream;
        this.store = store;
        this.claimIdleMs = claimIdleMs;
        this.batchSize = batchSize;
        this.metrics = metrics;
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
            if (metrics != null) {
                metrics.drained();
            }
            return 0;
        }
        storeOrIsolate(batch);
        stream.ack(batch);
        if (metrics != null) {
            metrics.stored(batch, System.currentTimeMillis());
        }
        return batch.size();
    }

    /**
     * Stores the batch. When the database refuses something in it ({@link DatabaseRefusal#ofData}), stores each half
     * on its own, and so on down to the single entry it refuses, which becomes a dead letter: the good entries land
     * in a few more transactions and one bad entry never blocks the stream. Any other failure (a lost connection, a
     * deadlock) is thrown, so the whole batch is retried and no good record is dead-lettered. Each part commits on
     * its own; a part already stored is skipped by record id when a failure makes the batch come again.
     */
    private void storeOrIsolate(List<StreamEntry> batch) throws SQLException {
        try {
            store.ingest(stream.key(), batch);
        } catch (SQLException | RuntimeException e) {
            if (!DatabaseRefusal.ofData(e)) {
                throw e;
            }
            if (batch.size() > 1) {
                int half = batch.size() / 2;
                storeOrIsolate(batch.subList(0, half));
                storeOrIsolate(batch.subList(half, batch.size()));
                return;
            }
            StreamEntry entry = batch.get(0);
            String error = DatabaseRefusal.describe(e);
            LOG.warnf("analytics stream entry %s refused (%s): dead letter", entry.streamId(), error);
            store.deadLetter(stream.key(), entry, error);
        }
    }
}
