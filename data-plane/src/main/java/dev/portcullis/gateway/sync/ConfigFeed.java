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
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Keeps the gateway's configuration current: a long-lived SSE stream from the control plane delivers every new
 * snapshot ({@code event: snapshot}), reconnecting with capped exponential backoff, and a periodic full fetch is
 * the safety net for anything the stream missed. Each snapshot goes to the {@link SnapshotApplier} and its outcome
 * is reported back. Runs on one event loop (every field is confined to it); nothing here blocks.
 */
public final class ConfigFeed {

    private static final Logger LOG = Logger.getLogger(ConfigFeed.class);
    /** The control plane pings every 15 s; three missed pings mean the stream is dead. */
    private static final int STREAM_IDLE_SECONDS = 45;
    /** Bounds a snapshot fetch and a report: a control plane that accepts and never answers must not pile them up. */
    static final long REQUEST_TIMEOUT_MS = 10_000;
    /** Largest SSE event accepted; a bigger one drops the stream (and a reconnect follows). */
    static final int MAX_EVENT_BYTES = 16 * 1024 * 1024;

    private final Vertx vertx;
    private final GatewaySettings settings;
    private final SnapshotApplier applier;
    private final FeedEndpoints endpoints;
    private final HttpClient streamClient;
    private final WebClient webClient;
    private final FeedReporter reporter;
    private final int maxEventBytes;
    private Duration backoff;
    private volatile Stream stream;
    /** Whether the control plane has heard of the applied version since the stream last (re)connected. */
    private boolean acknowledged;
    /** The disk copy refused at boot, until the control plane has been told; event-loop confined. */
    private ApplyOutcome.Rejected bootRejection;
    private boolean bootRejectionInFlight;
    private volatile long resyncTimer = -1;
    private volatile boolean stopped;

    public ConfigFeed(Vertx vertx, GatewaySettings settings, SnapshotApplier applier) {
        this(vertx, settings, applier, null, MAX_EVENT_BYTES);
    }

    /** @param encryptionKey sent as {@code encryptionKey} so the snapshot carries secrets sealed to it; nullable */
    public ConfigFeed(Vertx vertx, GatewaySettings settings, SnapshotApplier applier, String encryptionKey) {
        this(vertx, settings, applier, encryptionKey, MAX_EVENT_BYTES);
    }

    ConfigFeed(Vertx vertx, GatewaySettings settings, SnapshotApplier applier, String encryptionKey,
               int maxEventBytes) {
        this.vertx = vertx;
        this.settings = settings;
        this.applier = applier;
        this.endpoints = FeedEndpoints.of(settings, encryptionKey);
        this.streamClient = vertx.createHttpClient(new HttpClientOptions()
                .setIdleTimeout(STREAM_IDLE_SECONDS).setIdleTimeoutUnit(TimeUnit.SECONDS)
                .setConnectTimeout(5_000));
        this.webClient = WebClient.create(vertx);
        this.reporter = new FeedReporter(webClient, endpoints, settings.gatewayId(), settings.tags());
        this.maxEventBytes = maxEventBytes;
        this.backoff = settings.reconnectMin();
    }

    public void start() {
        start(null);
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
        });
    }

    public Future<Void> stop() {
        stopped = true;
        vertx.cancelTimer(resyncTimer);
        Stream current = stream;
        if (current != null && current.request != null) {
            current.request.reset();
        }
        webClient.close();
        return streamClient.close();
    }

    private void connect() {
        if (stopped) {
            return;
        }
        Stream current = new Stream();
        stream = current;
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET)
                .setAbsoluteURI(endpoints.stream())
                .putHeader("Accept", "text/event-stream");
        if (endpoints.authorization() != null) {
            options.putHeader("Authorization", endpoints.authorization());
        }
        streamClient.request(options)
                .compose(request -> {
                    current.request = request;
                    request.connection().closeHandler(v -> current.ended("connection closed"));
                    return request.send();
                })
                .onSuccess(current::opened)
                .onFailure(error -> current.ended("unreachable: " + error.getClass().getSimpleName()));
    }

    private void reconnectLater() {
        if (stopped) {
            return;
        }
        long delay = backoff.toMillis();
        backoff = backoff.multipliedBy(2).compareTo(settings.reconnectMax()) > 0
                ? settings.reconnectMax() : backoff.multipliedBy(2);
        vertx.setTimer(delay, id -> connect());
    }

    /**
     * One connection of the stream. In Vert.x 4 a connection lost mid-response fires only the response's exception
     * handler, a clean end only its end handler, and the connection's close handler fires in both cases: every
     * path funnels into {@link #ended}, which reconnects once per stream.
     */
    private final class Stream {
        private HttpClientRequest request;
        private boolean ended;

        void opened(HttpClientResponse response) {
            if (response.statusCode() != 200) {
                LOG.warnf("config feed stream refused: HTTP %d", response.statusCode());
                response.request().reset();
                ended("refused");
                return;
            }
            LOG.infof("connected to the config feed at %s", settings.controlPlaneUrl());
            acknowledged = false;
            reportBootRejection();
            Framer parser = new Framer(Framer.Mode.EVENTS, maxEventBytes, Framer.Overflow.FAIL, new Framer.Sink() {
                @Override
                public void frame(Buffer frame) {
                    onEvent(SseFields.parse(frame));
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
            LOG.debugf("config feed stream %s", why);
            reconnectLater();
        }
    }

    private void onEvent(SseFields event) {
        if (event.data() == null || !event.type().equals("snapshot")) {
            return;
        }
        backoff = settings.reconnectMin();
        offer(event.data().getBytes(StandardCharsets.UTF_8), applier.appliedVersion());
    }

    private void resync() {
        if (stopped) {
            return;
        }
        Long knownBefore = applier.appliedVersion();
        var request = webClient.getAbs(endpoints.snapshot()).putHeader("Accept", "application/json")
                .timeout(REQUEST_TIMEOUT_MS);
        if (endpoints.authorization() != null) {
            request.putHeader("Authorization", endpoints.authorization());
        }
        request.send().onComplete(result -> {
            if (result.failed()) {
                LOG.debugf("snapshot fetch failed: %s", result.cause().getClass().getSimpleName());
            } else if (result.result().statusCode() != 200) {
                LOG.warnf("snapshot fetch refused: HTTP %d", result.result().statusCode());
            } else {
                reportBootRejection();
                offer(result.result().body().getBytes(), knownBefore);
            }
        });
    }

    private void reportBootRejection() {
        if (bootRejection == null || bootRejectionInFlight) {
            return;
        }
        bootRejectionInFlight = true;
        ApplyOutcome.Rejected rejection = bootRejection;
        reporter.report(rejection, applier.appliedVersion()).onComplete(delivered -> {
            bootRejectionInFlight = false;
            if (delivered.succeeded() && delivered.result() && bootRejection == rejection) {
                bootRejection = null;
            }
        });
    }

    /** @param knownBefore the version applied when this snapshot was asked for or received (null: none) */
    private void offer(byte[] json, Long knownBefore) {
        applier.apply(json, knownBefore).onComplete(outcome -> {
            if (outcome.failed()) {
                LOG.errorf("applying a snapshot failed: %s", outcome.cause().toString());
                return;
            }
            ApplyOutcome result = outcome.result();
            if (result instanceof ApplyOutcome.Applied
                    || (result instanceof ApplyOutcome.AlreadyApplied && !acknowledged)) {
                acknowledged = true;
                reporter.report(result, applier.appliedVersion());
            } else if (result instanceof ApplyOutcome.Rejected) {
                reporter.report(result, applier.appliedVersion());
            }
        });
    }
}
