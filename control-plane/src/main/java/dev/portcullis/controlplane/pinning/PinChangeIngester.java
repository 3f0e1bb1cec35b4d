package dev.portcullis.controlplane.pinning;

import dev.portcullis.controlplane.analytics.AnalyticsConfig;
import dev.portcullis.controlplane.analytics.AnalyticsIngester;
import dev.portcullis.controlplane.analytics.AnalyticsStream;
import dev.portcullis.controlplane.analytics.StreamEntry;
import dev.portcullis.model.json.StrictJsonReader;
import dev.portcullis.model.pin.PinReport;
import dev.portcullis.model.validation.FieldRules;
import dev.portcullis.model.validation.ValidationException;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Ingests the gateways' pin reports from the Redis stream {@code <prefix>pin-changes} (consumer group
 * {@value AnalyticsStream#GROUP}, like analytics) on one thread of its own, {@code portcullis-pin-ingest}, into
 * {@link PinChangeRecorder#ingest}. An entry is acknowledged once stored, or once found unreadable (logged, dropped: a
 * gateway wrote it, and it cannot become readable later); while PostgreSQL or Redis fails, entries stay pending and
 * are retried with backoff (0.5 s doubling to 30 s). Runs where analytics ingestion runs
 * ({@code PORTCULLIS_ANALYTICS_INGEST}).
 */
@Singleton
public class PinChangeIngester {

    static final String STREAM = "pin-changes";
    private static final Logger LOG = Logger.getLogger(PinChangeIngester.class);
    private static final StrictJsonReader<PinReport> READER = new StrictJsonReader<>(PinReport.class);
    private static final int BATCH = 100;
    private static final long BLOCK_MS = 1_000;
    private static final long MIN_BACKOFF_MS = 500;
    private static final long MAX_BACKOFF_MS = 30_000;

    private final AnalyticsConfig config;
    private final PinChangeRecorder pins;
    private final Vertx vertx;
    private volatile boolean running;
    private Thread thread;
    private AnalyticsStream stream;

    PinChangeIngester(AnalyticsConfig config, PinChangeRecorder pins, Vertx vertx) {
        this.config = config;
        this.pins = pins;
        this.vertx = vertx;
    }

    void onStart(@Observes StartupEvent event) {
        if (!config.analytics().ingest()) {
            return;
        }
        running = true;
        stream = new AnalyticsStream(vertx, config.redisUrl(), config.redisCluster(), config.redisKeyPrefix(), STREAM,
                AnalyticsIngester.consumerName() + "-pins");
        thread = new Thread(this::loop, "portcullis-pin-ingest");
        thread.setDaemon(true);
        thread.start();
    }

    void onStop(@Observes ShutdownEvent event) throws InterruptedException {
        running = false;
        if (thread != null) {
            thread.interrupt();
            thread.join(5_000);
            stream.close();
        }
    }

    private void loop() {
        long backoff = MIN_BACKOFF_MS;
        boolean grouped = false;
        boolean pendingFirst = true;
        String outage = null;
        while (running) {
            try {
                if (!grouped) {
                    stream.ensureGroup();
                    grouped = true;
                }
                List<StreamEntry> entries = pendingFirst ? stream.ownPending(BATCH) : stream.readNew(BATCH, BLOCK_MS);
                pendingFirst = pendingFirst && !entries.isEmpty();
                for (StreamEntry entry : entries) {
                    store(entry);
                    stream.ack(List.of(entry));
                }
                if (outage != null) {
                    LOG.info("pin report ingestion resumed");
                    outage = null;
                }
                backoff = MIN_BACKOFF_MS;
            } catch (RuntimeException e) {
                if (!running) {
                    return; // shutting down: the stream was closed under the read
                }
                grouped = false;
                pendingFirst = true;
                String kind = e.getClass().getSimpleName();
                if (!kind.equals(outage)) {
                    LOG.warnf("pin report ingestion failing (%s); retrying with backoff", kind);
                    outage = kind;
                }
                try {
                    Thread.sleep(backoff);
                } catch (InterruptedException stopped) {
                    return;
                }
                backoff = Math.min(MAX_BACKOFF_MS, backoff * 2);
            }
        }
    }

    private void store(StreamEntry entry) {
        PinReport report;
        try {
            report = entry.json() == null ? null
                    : READER.read(entry.json().getBytes(StandardCharsets.UTF_8), PinReport::validate);
        } catch (ValidationException | IllegalArgumentException e) {
            report = null;
        }
        if (report == null) {
            LOG.warnf("dropping unreadable pin report %s", entry.streamId());
            return;
        }
        if (pins.ingest(report)) {
            LOG.infof("proxy %s: %s '%s' listed with a definition not approved (hash %s, seen by gateway %s, mode %s)",
                    report.proxyId(), report.kind().json(), shown(report.name()), report.hash(),
                    shown(report.gatewayId()), report.mode().json());
        }
    }

    /** A name an upstream or a gateway chose, fit for one log line: control characters become spaces. */
    private static String shown(String value) {
        StringBuilder out = new StringBuilder(value.length());
        FieldRules.printable(value).codePoints()
                .forEach(c -> out.appendCodePoint(Character.isISOControl(c) ? ' ' : c));
        return out.toString();
    }
}
