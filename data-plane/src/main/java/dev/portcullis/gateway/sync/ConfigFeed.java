package dev.portcullis.gateway.sync;

import dev.portcullis.gateway.config.GatewaySettings;
import dev.portcullis.gateway.framing.Framer;
import dev.portcullis.gateway.framing.SseFields;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.ext.web.client.WebClient;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Keeps the gateway's configuration current: a long-lived SSE stream from a control plane delivers every new
 * snapshot ({@code event: snapshot}), and a periodic full fetch is the safety net for anything the stream missed.
 * Each snapshot goes to the {@link SnapshotApplier} and its outcome is reported back. Runs on one event loop (every
 * field is confined to it); nothing here blocks.
 *
 * <p><b>Failover.</b> With several control-plane URLs the gateway starts on the one its id hashes to (so a fleet
 * spreads over the replicas) and, whenever its stream ends or cannot be opened, moves on to the next URL in turn
 * after a jittered, capped exponential backoff ({@link ReconnectBackoff}). The first event of every stream is the
 * control plane's current snapshot, which the applier compares with the applied version: that is the catch-up. The
 * resync and the reports go to the control plane the stream uses. A lost feed is logged once at WARN when the
 * outage starts, the failed attempts after it at DEBUG, and the recovery at INFO.
 *
 * <p>How current the configuration is, and whether that makes it stale, is kept in {@link ConfigFreshness}.
 */
public final class ConfigFeed {

    private static final Logger LOG = Logger.getLogger(ConfigFeed.class);
    /** The control plane pings every 15 s; three missed pings mean the stream is dead. */
    private static final int STREAM_IDLE_SECONDS = 45;
    /** Bounds a snapshot fetch and a report: a control plane that accepts and never answers must not pile them up. */
    static final long REQUEST_TIMEOUT_MS = 10_000;
    /** Largest SSE event accepted; a bigger one drops the stream (and a reconnect follows). */
    static final int MAX_EVENT_BYTES = 16 * 1024 * 1024;
    /** How often staleness is checked for its WARN and INFO lines. */
    private static final long FRESHNESS_CHECK_MS = 1_000;

    private final Vertx vertx;
    private final GatewaySettings settings;
    private final SnapshotApplier applier;
    private final List<FeedEndpoints> endpoints;
    private final HttpClient streamClient;
    private final WebClient webClient;
    private final FeedReporter reporter;
    private final ConfigFreshness freshness;
    private final int maxEventBytes;
    private final ReconnectBackoff backoff;
    /** Index into {@link #endpoints} of the control plane in use. */
    private int current;
    private volatile Stream stream;
    /** Whether the control plane has heard of the applied version since the stream last (re)connected. */
    private boolean acknowledged;
    /** When the feed was lost (System.nanoTime), or -1 while it is up. */
    private long outageSince = -1;
    private int failedAttempts;
    /** The disk copy refused at boot, until the control plane has been told; event-loop confined. */
    private ApplyOutcome.Rejected bootRejection;
    private boolean bootRejectionInFlight;
    private volatile long resyncTimer = -1;
    private volatile long freshnessTimer = -1;
    private volatile boolean stopped;

    /**
     * @param encryptionKey sent as {@code encryptionKey} so the snapshot carries secrets sealed to it; nullable
     * @param freshness     told of every confirmation, refusal and lost stream
     */
    public ConfigFeed(Vertx vertx, GatewaySettings settings, SnapshotApplier applier, String encryptionKey,
                      ConfigFreshness freshness) {
        this(vertx, settings, applier, encryptionKey, freshness, MAX_EVENT_BYTES);
    }

    ConfigFeed(Vertx vertx, GatewaySettings settings, SnapshotApplier applier, String encryptionKey,
               ConfigFreshness freshness, int maxEventBytes) {
        this.vertx = vertx;
        this.settings = settings;
        this.applier = applier;
        this.endpoints = FeedEndpoints.all(settings, encryptionKey);
        this.current = Math.floorMod(settings.gatewayId().hashCode(), endpoints.size());
        this.streamClient = vertx.createHttpClient(new HttpClientOptions()
                .setIdleTimeout(STREAM_IDLE_SECONDS).setIdleTimeoutUnit(TimeUnit.SECONDS)
                .setConnectTimeout(5_000));
        this.webClient = WebClient.create(vertx);
        this.reporter = new FeedReporter(webClient, settings.gatewayId(), settings.tags());
        this.freshness = freshness;
        this.maxEventBytes = maxEventBytes;
        this.backoff = new ReconnectBackoff(settings.reconnectMin(), settings.reconnectMax(),
                () -> ThreadLocalRandom.current().nextDouble());
    }

    /**
     * Starts syncing; a refusal of the disk copy at boot (verification, validation or tags) is reported as a NACK as
     * soon as the control plane answers, retried on every later contact until it is delivered, so an operator
     * sees in {@code GET /api/gateways} that the gateway's last good copy was refused.
     *
     * @param bootOutcome what became of the disk copy at boot; null or anything but a rejection: nothing to report
     */
    public void start(ApplyOutcome bootOutcome) {
        vertx.runOnContext(v -> {
            if (bootOutcome instanceof ApplyOutcome.Rejected rejected) {
                bootRejection = rejected;
            }
            connect();
            resync();
            resyncTimer = vertx.setPeriodic(settings.resyncInterval().toMillis(), id -> resync());
            freshnessTimer = vertx.setPeriodic(FRESHNESS_CHECK_MS, id -> freshness.check(applier.appliedVersion()));
        });
    }

    public Future<Void> stop() {
        stopped = true;
        vertx.cancelTimer(resyncTimer);
        vertx.cancelTimer(freshnessTimer);
        Stream open = stream;
        if (open != null && open.request != null) {
            open.request.reset();
        }
        webClient.close();
        return streamClient.close();
    }

    private FeedEndpoints endpoint() {
        return endpoints.get(current);
    }

    private void connect() {
        if (stopped) {
            return;
        }
        FeedEndpoints target = endpoint();
        Stream opening = new Stream(target);
        stream = opening;
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET)
                .setAbsoluteURI(target.stream())
                .putHeader("Accept", "text/event-stream");
        if (target.authorization() != null) {
            options.putHeader("Authorization", target.authorization());
        }
        streamClient.request(options)
                .compose(request -> {
                    opening.request = request;
                    request.connection().closeHandler(v -> opening.ended("connection closed"));
                    return request.send();
                })
                .onSuccess(opening::opened)
                .onFailure(error -> opening.ended("unreachable: " + error.getClass().getSimpleName()));
    }

    /** After a stream ended: the next control plane, after the backoff. */
    private void reconnectLater(Stream ended, String why) {
        if (stopped) {
            return;
        }
        long delay = backoff.next().toMillis();
        FeedEndpoints lost = ended.target;
        current = (current + 1) % endpoints.size();
        if (outageSince < 0) {
            outageSince = System.nanoTime();
            failedAttempts = 0;
            LOG.warnf("%s the config feed at %s (%s); trying %s in %d ms, serving version %s meanwhile",
                    ended.connected ? "lost" : "cannot reach", lost.base(), why, endpoint().base(), delay,
                    versionText());
        } else {
            failedAttempts++;
            LOG.debugf("config feed at %s still unavailable (%s); trying %s in %d ms", lost.base(), why,
                    endpoint().base(), delay);
        }
        vertx.setTimer(delay, id -> connect());
    }

    private String versionText() {
        Long version = applier.appliedVersion();
        return version == null ? "none" : version.toString();
    }

    /**
     * One connection of the stream. In Vert.x 4 a connection lost mid-response fires only the response's exception
     * handler, a clean end only its end handler, and the connection's close handler fires in both cases: every
     * path funnels into {@link #ended}, which reconnects once per stream.
     */
    private final class Stream {
        private final FeedEndpoints target;
        private HttpClientRequest request;
        private boolean connected;
        private boolean ended;

        Stream(FeedEndpoints target) {
            this.target = target;
        }

        void opened(HttpClientResponse response) {
            if (response.statusCode() != 200) {
                response.request().reset();
                ended("refused: HTTP " + response.statusCode());
                return;
            }
            connected = true;
            if (outageSince >= 0) {
                LOG.infof("config feed restored at %s after %d s (%d failed attempts); catching up from version %s",
                        target.base(), TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - outageSince),
                        failedAttempts, versionText());
                outageSince = -1;
            } else {
                LOG.infof("connected to the config feed at %s", target.base());
            }
            acknowledged = false;
            freshness.streamOpened();
            reportBootRejection();
            Framer parser = new Framer(Framer.Mode.EVENTS, maxEventBytes, Framer.Overflow.FAIL, new Framer.Sink() {
                @Override
                public void frame(Buffer frame) {
                    onEvent(Stream.this, SseFields.parse(frame));
                }

                @Override
                public void overflowed() {
                    LOG.warnf("config feed sent an event larger than %d bytes; reconnecting", maxEventBytes);
                    response.request().reset();
                    ended("event too large");
                }
            });
            response.handler(chunk -> {
                if (!ended) {
                    parser.feed(chunk);
                }
            });
            response.exceptionHandler(error -> ended("failed: " + error.getClass().getSimpleName()));
            response.endHandler(end -> ended("ended"));
        }

        void ended(String why) {
            if (ended) {
                return;
            }
            ended = true;
            if (connected) {
                freshness.streamLost();
            }
            reconnectLater(this, why);
        }
    }

    private void onEvent(Stream from, SseFields event) {
        if (event.data() == null || !event.type().equals("snapshot") || from.ended) {
            return;
        }
        backoff.reset();
        offer(from.target, event.data().getBytes(StandardCharsets.UTF_8), applier.appliedVersion());
    }

    private void resync() {
        if (stopped) {
            return;
        }
        FeedEndpoints target = endpoint();
        Long knownBefore = applier.appliedVersion();
        var request = webClient.getAbs(target.snapshot()).putHeader("Accept", "application/json")
                .timeout(REQUEST_TIMEOUT_MS);
        if (target.authorization() != null) {
            request.putHeader("Authorization", target.authorization());
        }
        request.send().onComplete(result -> {
            if (result.failed()) {
                LOG.debugf("snapshot fetch from %s failed: %s", target.base(),
                        result.cause().getClass().getSimpleName());
            } else if (result.result().statusCode() != 200) {
                LOG.warnf("snapshot fetch refused by %s: HTTP %d", target.base(), result.result().statusCode());
            } else {
                reportBootRejection();
                offer(target, result.result().body().getBytes(), knownBefore);
            }
        });
    }

    private void reportBootRejection() {
        if (bootRejection == null || bootRejectionInFlight) {
            return;
        }
        bootRejectionInFlight = true;
        ApplyOutcome.Rejected rejection = bootRejection;
        reporter.report(endpoint(), rejection, applier.appliedVersion()).onComplete(delivered -> {
            bootRejectionInFlight = false;
            if (delivered.succeeded() && delivered.result() && bootRejection == rejection) {
                bootRejection = null;
            }
        });
    }

    /**
     * @param source      the control plane the snapshot came from, which hears the report
     * @param knownBefore the version applied when this snapshot was asked for or received (null: none)
     */
    private void offer(FeedEndpoints source, byte[] json, Long knownBefore) {
        applier.apply(json, knownBefore).onComplete(outcome -> {
            if (outcome.failed()) {
                LOG.errorf("applying a snapshot failed: %s", outcome.cause().toString());
                return;
            }
            ApplyOutcome result = outcome.result();
            if (result instanceof ApplyOutcome.Applied || result instanceof ApplyOutcome.AlreadyApplied) {
                freshness.confirmed();
            } else if (result instanceof ApplyOutcome.Rejected) {
                freshness.refused();
            }
            if (result instanceof ApplyOutcome.Applied
                    || (result instanceof ApplyOutcome.AlreadyApplied && !acknowledged)) {
                acknowledged = true;
                reporter.report(source, result, applier.appliedVersion());
            } else if (result instanceof ApplyOutcome.Rejected) {
                reporter.report(source, result, applier.appliedVersion());
            }
        });
    }
}
