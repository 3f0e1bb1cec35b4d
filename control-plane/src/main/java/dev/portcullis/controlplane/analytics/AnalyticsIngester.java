package dev.portcullis.controlplane.analytics;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.lang.management.ManagementFactory;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs ingestion on threads of its own ({@code PORTCULLIS_ANALYTICS_INGEST_THREADS}, {@value #THREADS} unless set;
 * {@code portcullis-analytics-ingest}, then
 * {@code portcullis-analytics-ingest-1}...) for the life of the control plane. Each is a consumer of the group
 * ({@code <host>-<pid>}, then {@code <host>-<pid>-1}...) that joins it, then runs {@link IngestCycle#runOnce()} in a
 * loop: while one waits for PostgreSQL to store a batch, the other reads and parses the next (docs/performance.md,
 * "Analytics ingest"). They store exactly as two control planes would: records by id, roll-up rows in one order.
 * A thread that has caught up with the stream reads again only {@code PORTCULLIS_ANALYTICS_INGEST_LINGER} (250 ms
 * unless set) after its last read started, so that under steady traffic one transaction stores what the gateways
 * appended meanwhile instead of a few records each.
 * When Redis or PostgreSQL fails a thread logs once per outage and retries with backoff (0.5 s doubling to 30 s);
 * the loops only end at shutdown. The first thread also sweeps: it removes idle consumers of stopped control planes,
 * and at most every {@value #TRIM_INTERVAL_MS} ms deletes the entries every group has acknowledged
 * ({@link AnalyticsStream#trimAcknowledged()}).
 */
@Singleton
public class AnalyticsIngester {

    private static final Logger LOG = Logger.getLogger(AnalyticsIngester.class);
    private static final long MIN_BACKOFF_MS = 500;
    private static final long MAX_BACKOFF_MS = 30_000;
    /** How often the sweeping thread deletes the entries every group has acknowledged. */
    static final long TRIM_INTERVAL_MS = 1_000;
    /** The ingest threads unless configured otherwise. */
    static final int THREADS = 2;
    static final int MAX_THREADS = 8;
    /** Heap a record of a batch takes while the batch is stored (measured: about 5 KB; with a margin). */
    static final int BYTES_PER_RECORD = 6_000;
    /** The fewest records per batch a small heap lowers the batch size to (unless configured lower). */
    static final int MIN_BATCH = 1_000;
    /**
     * The longest {@code PORTCULLIS_ANALYTICS_INGEST_LINGER} accepted: a live consumer then still reads (and the
     * sweeping thread trims) about every second.
     */
    static final Duration MAX_LINGER = Duration.ofSeconds(1);

    private final AnalyticsConfig config;
    private final AnalyticsStore store;
    private final Vertx vertx;
    private final IngestMetrics metrics;
    private volatile boolean running;
    private final List<Thread> threads = new ArrayList<>();
    private final List<AnalyticsStream> streams = new ArrayList<>();

    AnalyticsIngester(AnalyticsConfig config, AnalyticsStore store, Vertx vertx, IngestMetrics metrics) {
        this.config = config;
        this.store = store;
        this.vertx = vertx;
        this.metrics = metrics;
    }

    void onStart(@Observes StartupEvent event) {
        if (!config.analytics().ingest()) {
            LOG.info("analytics ingestion disabled (PORTCULLIS_ANALYTICS_INGEST=false)");
            return;
        }
        int count = threads(config.analytics().ingestThreads());
        long lingerNanos = lingerNanos(config.analytics().ingestLinger());
        running = true;
        int batch = batchFor(config.analytics().batchSize(), Runtime.getRuntime().maxMemory(), count);
        if (batch < config.analytics().batchSize()) {
            LOG.infof("analytics batches of at most %d records, not %d (PORTCULLIS_ANALYTICS_BATCH_SIZE): the heap of"
                    + " %d MB holds no more while %d ingest threads each store one", batch,
                    config.analytics().batchSize(), Runtime.getRuntime().maxMemory() >> 20, count);
        }
        String consumer = consumerName();
        for (int i = 0; i < count; i++) {
            String suffix = i == 0 ? "" : "-" + i;
            AnalyticsStream stream = new AnalyticsStream(vertx, config.redisUrl(), config.redisCluster(),
                    config.redisKeyPrefix(), consumer + suffix);
            IngestCycle cycle = new IngestCycle(stream, store, config.analytics().claimIdle().toMillis(),
                    batch, metrics);
            boolean sweeps = i == 0;
            Thread thread = new Thread(() -> loop(stream, cycle, sweeps, batch, lingerNanos),
                    "portcullis-analytics-ingest" + suffix);
            thread.setDaemon(true);
            streams.add(stream);
            threads.add(thread);
        }
        threads.forEach(Thread::start);
        LOG.infof("analytics ingestion from %s as consumers %s (and %d more) of group %s", streams.get(0).key(),
                consumer, count - 1, AnalyticsStream.GROUP);
    }

    /** The configured number of ingest threads, refused (the control plane does not start) outside 1 to 8. */
    static int threads(int configured) {
        if (configured < 1 || configured > MAX_THREADS) {
            throw new IllegalStateException("PORTCULLIS_ANALYTICS_INGEST_THREADS must be 1 to " + MAX_THREADS
                    + ", not " + configured);
        }
        return configured;
    }

    /**
     * The batch size to use: {@code configured}, or fewer when the heap ({@code maxHeapBytes}) is small. A batch takes
     * about {@value #BYTES_PER_RECORD} bytes of heap per record while it is stored (entries, parsed records, the
     * statements' arrays; docs/performance.md, "Analytics ingest"), and every ingest thread holds one: together they
     * may take half the heap, and never fewer than {@value #MIN_BATCH} records per batch.
     */
    static int batchFor(int configured, long maxHeapBytes) {
        return batchFor(configured, maxHeapBytes, THREADS);
    }

    /** {@link #batchFor(int, long)} for {@code threads} ingest threads. */
    static int batchFor(int configured, long maxHeapBytes, int threads) {
        long fits = maxHeapBytes / 2 / threads / BYTES_PER_RECORD;
        return (int) Math.min(configured, Math.max(Math.min(configured, MIN_BATCH), fits));
    }

    void onStop(@Observes ShutdownEvent event) throws InterruptedException {
        running = false;
        for (Thread thread : threads) {
            thread.join(5_000);
        }
        streams.forEach(AnalyticsStream::close);
    }

    /** The configured linger in nanoseconds, refused (the control plane does not start) outside 0 to 1 s. */
    static long lingerNanos(Duration configured) {
        if (configured.isNegative() || configured.compareTo(MAX_LINGER) > 0) {
            throw new IllegalStateException("PORTCULLIS_ANALYTICS_INGEST_LINGER must be from 0 to 1s, not "
                    + BigDecimal.valueOf(configured.toNanos(), 6).stripTrailingZeros().toPlainString() + " ms");
        }
        return configured.toNanos();
    }

    /**
     * When the next read may start (in {@link System#nanoTime()}'s terms), for a read started at {@code started}
     * that stored {@code stored} entries in batches of at most {@code batch}: at once when it found nothing (the next
     * read waits in Redis for entries to come) or a full batch (a backlog); else once {@code lingerNanos} have passed
     * since it started, so that entries appended meanwhile are stored together.
     */
    static long nextRead(long started, int stored, int batch, long lingerNanos) {
        return stored == 0 || stored >= batch ? started : started + lingerNanos;
    }

    /**
     * @param sweeps      whether this thread also removes idle consumers and trims acknowledged entries (one does)
     * @param batch       the most entries the cycle stores at a time
     * @param lingerNanos how long a thread that has caught up waits from one read to the next
     */
    private void loop(AnalyticsStream stream, IngestCycle cycle, boolean sweeps, int batch, long lingerNanos) {
        long backoff = MIN_BACKOFF_MS;
        boolean grouped = false;
        String outage = null;
        long forgetIdleMs = config.analytics().claimIdle().toMillis();
        long nextForget = 0;
        long nextTrim = 0;
        String trimFailure = null;
        while (running) {
            try {
                if (!grouped) {
                    stream.ensureGroup();
                    grouped = true;
                }
                if (sweeps && System.currentTimeMillis() >= nextForget) {
                    nextForget = System.currentTimeMillis() + Math.max(forgetIdleMs, 1_000);
                    List<String> forgotten = stream.forgetIdleConsumers(forgetIdleMs);
                    if (!forgotten.isEmpty()) {
                        LOG.infof("analytics consumers idle for %d ms with nothing pending removed from the group: %s",
                                forgetIdleMs, forgotten);
                    }
                }
                long started = System.nanoTime();
                int stored = cycle.runOnce();
                if (sweeps && System.currentTimeMillis() >= nextTrim) {
                    nextTrim = System.currentTimeMillis() + TRIM_INTERVAL_MS;
                    trimFailure = trim(stream, trimFailure);
                }
                if (outage != null) {
                    LOG.info("analytics ingestion resumed");
                    outage = null;
                }
                backoff = MIN_BACKOFF_MS;
                if (!sleepUntil(nextRead(started, stored, batch, lingerNanos))) {
                    return;
                }
            } catch (Exception e) {
                grouped = false;
                String kind = e.getClass().getSimpleName();
                if (!kind.equals(outage)) {
                    LOG.warnf("analytics ingestion failing (%s: %s); retrying with backoff", kind, e.getMessage());
                    outage = kind;
                }
                if (!pause(backoff)) {
                    return;
                }
                backoff = Math.min(MAX_BACKOFF_MS, backoff * 2);
            }
        }
    }

    /**
     * Deletes the stream's acknowledged entries. A failure costs nothing but the memory they hold: it is logged (again
     * only when the failure changes) and ingestion goes on; a Redis that is down fails the next read anyway.
     *
     * @param failing the failure logged last, null when the last trim worked
     * @return the failure now, null when this trim worked
     */
    private static String trim(AnalyticsStream stream, String failing) {
        try {
            stream.trimAcknowledged();
            if (failing != null) {
                LOG.info("analytics stream trimming of acknowledged entries works again");
            }
            return null;
        } catch (RuntimeException e) {
            String failure = e.getClass().getSimpleName() + ": " + e.getMessage();
            if (!failure.equals(failing)) {
                LOG.warnf("analytics stream: acknowledged entries not trimmed (%s); they stay until the stream's cap"
                        + " trims them", failure);
            }
            return failure;
        }
    }

    /** Waits between retries on this dedicated thread; false when interrupted (shutdown). */
    private boolean pause(long millis) {
        return sleepUntil(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis));
    }

    /**
     * Waits on this dedicated thread until {@code deadline} ({@link System#nanoTime()}), looking at least every 100
     * ms whether the control plane stops; false when it does or the thread is interrupted.
     */
    private boolean sleepUntil(long deadline) {
        try {
            for (long left = deadline - System.nanoTime(); running && left > 0; left = deadline - System.nanoTime()) {
                Thread.sleep(Math.max(1, Math.min(100, TimeUnit.NANOSECONDS.toMillis(left))));
            }
            return running;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** This replica's consumer name in the stream groups: {@code <host>-<pid>}. */
    public static String consumerName() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "control-plane";
        }
        return host + "-" + ManagementFactory.getRuntimeMXBean().getPid();
    }
}
