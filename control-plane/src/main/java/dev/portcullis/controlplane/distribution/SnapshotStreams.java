package dev.portcullis.controlplane.distribution;

import dev.portcullis.controlplane.common.PortcullisConfig;
import dev.portcullis.controlplane.common.Problem;
import dev.portcullis.controlplane.common.ProblemException;
import dev.portcullis.controlplane.gateway.ConnectedGateways;
import dev.portcullis.controlplane.gateway.GatewayIdentity;
import dev.portcullis.controlplane.gateway.GatewayService;
import dev.portcullis.controlplane.secret.GatewayEncryptionKey;
import io.quarkus.runtime.ShutdownEvent;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * {@code GET /feed/v1/stream}: server-sent events carrying the gateway's signed snapshot at once and after every
 * committed configuration change, with a {@code : ping} comment every {@code portcullis.feed.ping-interval}.
 *
 * <p>Threading: the route handler runs on the event loop and moves the database work to a worker. Changes are
 * observed after their transaction commits and handed to one broadcast thread, which builds (or takes from cache)
 * one snapshot per distinct tag set and hands it to each {@link SnapshotStream}, which writes on its own context.
 * A broadcast that fails (database unreachable) is retried with backoff until every stream has been offered a
 * snapshot at least as new as the change. Changes committed through other replicas arrive the same way, from
 * {@link ChangeListener}. The ping timer also refreshes {@code lastSeen} of connected gateways and this replica's
 * stream rows, in one transaction per tick.
 */
@ApplicationScoped
public class SnapshotStreams {

    private static final Logger LOG = Logger.getLogger(SnapshotStreams.class);
    static final String PATH = "/feed/v1/stream";
    private static final Duration FIRST_RETRY = Duration.ofMillis(100);
    private static final Duration MAX_RETRY = Duration.ofSeconds(5);

    private final Snapshots snapshots;
    private final GatewayService gateways;
    private final ConnectedGateways connected;
    private final PortcullisConfig config;
    private final Vertx vertx;
    private final Set<SnapshotStream> streams = ConcurrentHashMap.newKeySet();
    private final AtomicLong wanted = new AtomicLong(-1);
    private final ScheduledExecutorService broadcaster = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "snapshot-broadcast");
        thread.setDaemon(true);
        return thread;
    });
    /** Only touched on the broadcast thread. */
    private boolean retryScheduled;
    private long pingTimer = -1;
    /** Only touched on the ping timer (event loop): whether the last tick had streams to refresh. */
    private boolean hadStreams;

    SnapshotStreams(Snapshots snapshots, GatewayService gateways, ConnectedGateways connected,
                    PortcullisConfig config, Vertx vertx) {
        this.snapshots = snapshots;
        this.gateways = gateways;
        this.connected = connected;
        this.config = config;
        this.vertx = vertx;
    }

    void register(@Observes Router router) {
        router.get(PATH).order(-1).handler(this::open);
        long intervalMs = Math.max(1, config.feed().pingInterval().toMillis());
        pingTimer = vertx.setPeriodic(intervalMs, id -> ping());
    }

    void onChange(@Observes(during = TransactionPhase.AFTER_SUCCESS) ConfigChanged change) {
        changed(change.version());
    }

    /**
     * Offers every stream a snapshot at least as new as {@code version}; 0 re-offers the current one (after the
     * change listener reconnects, when changes may have been missed). Any thread.
     */
    void changed(long version) {
        wanted.accumulateAndGet(version, Math::max);
        if (!broadcaster.isShutdown()) {
            broadcaster.execute(() -> broadcast(FIRST_RETRY));
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        vertx.cancelTimer(pingTimer);
        broadcaster.shutdownNow();
        streams.forEach(SnapshotStream::end);
        try {
            gateways.stillConnected(Set.of());
        } catch (RuntimeException e) {
            LOG.debugf("cannot remove this replica's stream rows on stop (they expire): %s", e.toString());
        }
    }

    private void open(RoutingContext rc) {
        GatewayIdentity gateway;
        GatewayEncryptionKey encryptionKey;
        try {
            gateway = GatewayIdentity.parse(rc.queryParams().get("gatewayId"), rc.queryParams().get("tags"), true);
            encryptionKey = GatewayEncryptionKey.parse(rc.queryParams().get(GatewayEncryptionKey.PARAMETER));
        } catch (ProblemException e) {
            send(rc, e.problem());
            return;
        }
        HttpServerResponse response = rc.response();
        SnapshotStream stream = new SnapshotStream(gateway, encryptionKey, response, Vertx.currentContext(),
                this::close);
        // Registered before the first snapshot is built: a change committed in between reaches it too.
        streams.add(stream);
        connected.opened(gateway.id());
        response.closeHandler(v -> close(stream));
        response.exceptionHandler(e -> close(stream));
        vertx.executeBlocking(() -> {
            gateways.streamOpened(gateway);
            return snapshots.forGateway(gateway.tags(), encryptionKey);
        }, false).onComplete(result -> {
            if (result.succeeded()) {
                stream.start(result.result());
                LOG.infof("gateway %s %s opened a snapshot stream at version %d", gateway.id(), gateway.tags(),
                        result.result().version());
                return;
            }
            close(stream);
            String errorId = UUID.randomUUID().toString();
            LOG.errorf(result.cause(), "cannot open snapshot stream for gateway %s, error %s", gateway.id(), errorId);
            if (!response.closed()) {
                send(rc, Problem.of(500, "internal", "Internal Server Error",
                        "cannot build the snapshot; quote error id " + errorId + " to the operator")
                        .with("errorId", errorId));
            }
        });
    }

    private void close(SnapshotStream stream) {
        if (streams.remove(stream)) {
            String id = stream.gateway.id();
            LOG.infof("gateway %s closed its snapshot stream", id);
            if (connected.closed(id)) {
                vertx.executeBlocking(() -> {
                    gateways.streamClosed(id);
                    return null;
                }, false).onFailure(e -> LOG.warnf("cannot record that gateway %s disconnected: %s", id, e.toString()));
            }
        }
    }

    private void ping() {
        streams.forEach(SnapshotStream::ping);
        Set<String> ids = streams.stream().map(stream -> stream.gateway.id()).collect(Collectors.toSet());
        if (ids.isEmpty() && !hadStreams) {
            return;
        }
        hadStreams = !ids.isEmpty();
        vertx.executeBlocking(() -> {
            gateways.stillConnected(ids);
            return null;
        }, false).onFailure(e -> LOG.warnf("cannot refresh lastSeen of connected gateways: %s", e.toString()));
    }

    /** Runs on the broadcast thread. */
    private void broadcast(Duration backoff) {
        long target = wanted.get();
        Map<Recipient, List<SnapshotStream>> byRecipient = streams.stream()
                .collect(Collectors.groupingBy(Recipient::of));
        boolean complete = true;
        for (Map.Entry<Recipient, List<SnapshotStream>> group : byRecipient.entrySet()) {
            List<SnapshotStream> recipients = group.getValue();
            try {
                Snapshots.Published published = snapshots.forGateway(group.getKey().tags(),
                        recipients.get(0).encryptionKey);
                recipients.forEach(stream -> stream.send(published));
                complete &= published.version() >= target;
            } catch (RuntimeException e) {
                LOG.errorf(e, "cannot build the snapshot for gateway tags %s; retrying in %d ms", group.getKey().tags(),
                        backoff.toMillis());
                complete = false;
            }
        }
        if (!complete && !retryScheduled && !broadcaster.isShutdown()) {
            retryScheduled = true;
            Duration next = backoff.multipliedBy(2).compareTo(MAX_RETRY) > 0 ? MAX_RETRY : backoff.multipliedBy(2);
            broadcaster.schedule(() -> {
                retryScheduled = false;
                broadcast(next);
            }, backoff.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** Streams that receive the same snapshot: same tags, same encryption key (or none). */
    private record Recipient(Set<String> tags, String encryptionKey) {
        static Recipient of(SnapshotStream stream) {
            return new Recipient(stream.gateway.tags(),
                    stream.encryptionKey == null ? null : stream.encryptionKey.encoded());
        }
    }

    private static void send(RoutingContext rc, Problem problem) {
        rc.response().setStatusCode(problem.status()).putHeader("Content-Type", Problem.MEDIA_TYPE)
                .end(Buffer.buffer(problem.body()));
    }
}
