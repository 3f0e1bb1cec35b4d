package dev.portcullis.gateway.observe.analytics;

import org.jboss.logging.Logger;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The counts all {@link StreamAppender}s of a gateway share: the buffer bound (held records across all event
 * loops), written and dropped totals, one log line per Redis outage rather than one per failed call, and at most
 * one log line a minute per kind of error reply. Thread-safe.
 */
final class PipelineCounts implements AnalyticsStats {

    private static final Logger LOG = Logger.getLogger(AnalyticsWriter.class);
    private static final int REJECTION_LOG_EVERY_SECONDS = 60;
    private static final int MAX_LOGGED_KINDS = 32;

    private final int capacity;
    private final AtomicLong held = new AtomicLong();
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong unconfirmedAnswers = new AtomicLong();
    private final AtomicBoolean down = new AtomicBoolean();
    private final Map<String, RejectionLog> rejectionLogs = new ConcurrentHashMap<>();

    PipelineCounts(int capacity) {
        this.capacity = capacity;
    }

    /**
     * Takes a place for one record (queued or in flight until Redis confirms it); false, and the record counted as
     * dropped, when {@code capacity} records are already held.
     */
    boolean reserve() {
        if (held.incrementAndGet() > capacity) {
            held.decrementAndGet();
            if (dropped.getAndIncrement() % 10_000 == 0) {
                LOG.warnf("analytics buffer full (%d records): dropping records until Redis takes them", capacity);
            }
            return false;
        }
        return true;
    }

    void written(int records) {
        held.addAndGet(-records);
        written.addAndGet(records);
    }

    /** Records still queued when the gateway stopped. */
    void lost(int records) {
        if (records > 0) {
            held.addAndGet(-records);
            dropped.addAndGet(records);
            LOG.warnf("gateway stopping with Redis unreachable: %d analytics records dropped", records);
        }
    }

    /**
     * Records Redis refused with an error reply that no retry fixes (or that kept coming back): dropped and counted.
     * Logs the first rejection of each kind, then at most once per {@value #REJECTION_LOG_EVERY_SECONDS} s per kind
     * with the number dropped meanwhile.
     */
    void rejected(ErrorReply error, int records) {
        held.addAndGet(-records);
        dropped.addAndGet(records);
        String kind = rejectionLogs.size() < MAX_LOGGED_KINDS || rejectionLogs.containsKey(error.kind())
                ? error.kind() : "OTHER";
        long since = rejectionLogs.computeIfAbsent(kind, k -> new RejectionLog()).due(records);
        if (since > 0) {
            LOG.warnf("analytics stream: Redis refused the append (%s): %d record(s) dropped, connection kept",
                    error.message(), since);
        }
    }

    /** Answers the hold limit released before Redis confirmed their records. */
    void answersReleasedUnconfirmed(int answers) {
        if (answers > 0) {
            unconfirmedAnswers.addAndGet(answers);
        }
    }

    void unreachable(Throwable cause) {
        if (down.compareAndSet(false, true)) {
            LOG.warnf("analytics stream unreachable (%s): buffering up to %d records in memory",
                    cause == null ? "connection lost" : cause.getClass().getSimpleName(), capacity);
        }
    }

    void reachable() {
        if (down.compareAndSet(true, false)) {
            LOG.infof("analytics stream reachable again: sending %d buffered records", held.get());
        }
    }

    /** When one kind of rejection was last logged, and how many records it dropped since. */
    private static final class RejectionLog {

        private long loggedAt;
        private long pending;
        private boolean logged;

        /** Adds {@code records}; returns how many to report when a log line is due now, else 0. */
        synchronized long due(int records) {
            pending += records;
            long now = System.nanoTime();
            if (logged && now - loggedAt < TimeUnit.SECONDS.toNanos(REJECTION_LOG_EVERY_SECONDS)) {
                return 0;
            }
            logged = true;
            loggedAt = now;
            long report = pending;
            pending = 0;
            return report;
        }
    }

    @Override
    public long written() {
        return written.get();
    }

    @Override
    public long dropped() {
        return dropped.get();
    }

    @Override
    public long buffered() {
        return held.get();
    }

    @Override
    public long unconfirmedAnswers() {
        return unconfirmedAnswers.get();
    }
}
