package dev.portcullis.controlplane.analytics;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * Runs ingestion on its own thread ({@code portcullis-analytics-ingest}) for the life of the control plane: joins
 * the consumer group, then {@link IngestCycle#runOnce()} in a loop. When Redis or PostgreSQL fails it logs once per
 * outage and retries with backoff (0.5 s doubling to 30 s); the loop only ends at shutdown.
 */
@Singleton
public class AnalyticsIngester {

    private static final Logger LOG = Logger.getLogger(AnalyticsIngester.class);
    private static final long MIN_BACKOFF_MS = 500;
    private static final long MAX_BACKOFF_MS = 30_000;

    private final AnalyticsConfig config;
    private final AnalyticsStore store;
    private final Vertx vertx;
    private volatile boolean running;
    private Thread thread;
    private AnalyticsStream stream;

    AnalyticsIngester(AnalyticsConfig config, AnalyticsStore store, Vertx vertx) {
        this.config = config;
        this.store = store;
        this.vertx = vertx;
    }

    void onStart(@Observes StartupEvent event) {
        if (!config.analytics().ingest()) {
            LOG.info("analytics ingestion disabled (PORTCULLIS_ANALYTICS_INGEST=false)");
            return;
        }
        stream = new AnalyticsStream(vertx, config.redisUrl(), config.redisCluster(), config.redisKeyPrefix(),
                consumerName());
        IngestCycle cycle = new IngestCycle(stream, store, config.analytics().claimIdle().toMillis(),
                config.analytics().batchSize());
        running = true;
        thread = new Thread(() -> loop(cycle), "portcullis-analytics-ingest");
        thread.setDaemon(true);
        thread.start();
        LOG.infof("analytics ingestion from %s as consumer %s of group %s", stream.key(), stream.consumer(),
                AnalyticsStream.GROUP);
    }

    void onStop(@Observes ShutdownEvent event) throws InterruptedException {
        running = false;
        if (thread != null) {
            thread.join(5_000);
        }
        if (stream != null) {
            stream.close();
        }
    }

    private void loop(IngestCycle cycle) {
        long backoff = MIN_BACKOFF_MS;
        boolean grouped = false;
        String outage = null;
        long forgetIdleMs = config.analytics().claimIdle().toMillis();
        long nextForget = 0;
        while (running) {
            try {
                if (!grouped) {
                    stream.ensureGroup();
                    grouped = true;
                }
                if (System.currentTimeMillis() >= nextForget) {
                    nextForget = System.currentTimeMillis() + Math.max(forgetIdleMs, 1_000);
                    List<String> forgotten = stream.forgetIdleConsumers(forgetIdleMs);
                    if (!forgotten.isEmpty()) {
                        LOG.infof("analytics consumers idle for %d ms with nothing pending removed from the group: %s",
                                forgetIdleMs, forgotten);
                    }
                }
                cycle.runOnce();
                if (outage != null) {
                    LOG.info("analytics ingestion resumed");
                    outage = null;
                }
                backoff = MIN_BACKOFF_MS;
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

    /** Waits between retries on this dedicated thread; false when interrupted (shutdown). */
    private boolean pause(long millis) {
        long until = System.currentTimeMillis() + millis;
        try {
            while (running && System.currentTimeMillis() < until) {
                Thread.sleep(Math.min(100, millis));
            }
            return running;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static String consumerName() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "control-plane";
        }
        return host + "-" + ManagementFactory.getRuntimeMXBean().getPid();
    }
}
