package dev.portcullis.controlplane.distribution;

import dev.portcullis.controlplane.gateway.GatewayIdentity;
import dev.portcullis.controlplane.secret.GatewayEncryptionKey;
import dev.portcullis.model.json.Json;
import io.vertx.core.Context;
import io.vertx.core.http.HttpServerResponse;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * One open {@code /feed/v1/stream}. It is registered before its first snapshot is built, so a change committed
 * meanwhile is not lost: snapshots that arrive before {@link #start} are held (the newest one) and sent right
 * after the first. A snapshot no newer than the last one sent is skipped, so the stream never goes backwards.
 *
 * <p>Threading: every field but the final ones is touched only on the stream's own event-loop context, so there
 * is no lock; the public methods may be called from any thread.
 */
final class SnapshotStream {

    private static final Logger LOG = Logger.getLogger(SnapshotStream.class);

    final GatewayIdentity gateway;
    /** The gateway's key for sealed secrets (ADR 0002), or null: its snapshots then carry none. */
    final GatewayEncryptionKey encryptionKey;
    private final HttpServerResponse response;
    private final Context context;
    private final Consumer<SnapshotStream> onAbandon;
    private boolean started;
    private boolean abandoned;
    private Snapshots.Published held;
    private long lastSent = -1;

    /** @param onAbandon called with this stream (on its context) when it gives up on a reader that fell behind */
    SnapshotStream(GatewayIdentity gateway, GatewayEncryptionKey encryptionKey, HttpServerResponse response,
                   Context context, Consumer<SnapshotStream> onAbandon) {
        this.gateway = gateway;
        this.encryptionKey = encryptionKey;
        this.response = response;
        this.context = context;
        this.onAbandon = onAbandon;
    }

    /** Writes the SSE headers and the first snapshot (and any newer one that arrived while it was built). */
    void start(Snapshots.Published first) {
        context.runOnContext(v -> {
            if (response.closed()) {
                return;
            }
            response.setChunked(true)
                    .putHeader("Content-Type", "text/event-stream")
                    .putHeader("Cache-Control", "no-cache")
                    .putHeader("X-Accel-Buffering", "no");
            started = true;
            write(first);
            if (held != null) {
                write(held);
                held = null;
            }
        });
    }

    void send(Snapshots.Published published) {
        context.runOnContext(v -> {
            if (!started) {
                if (held == null || published.version() > held.version()) {
                    held = published;
                }
                return;
            }
            write(published);
        });
    }

    void ping() {
        context.runOnContext(v -> {
            if (started && !response.closed() && !closedForBackpressure()) {
                response.write(": ping\n\n");
            }
        });
    }

    void end() {
        context.runOnContext(v -> {
            if (!response.closed() && !response.ended()) {
                response.end();
            }
        });
    }

    private void write(Snapshots.Published published) {
        if (published.version() <= lastSent || response.closed() || closedForBackpressure()) {
            return;
        }
        lastSent = published.version();
        String data = new String(Json.write(published.signed()), StandardCharsets.UTF_8);
        response.write("event: snapshot\nid: " + published.version() + "\ndata: " + data + "\n\n");
    }

    /**
     * A gateway that does not read would make its queue grow with every change. The stream is dropped instead (no
     * more writes, no longer connected) and its connection closed once what is queued drains: the gateway then
     * reconnects and gets the latest snapshot, which is all it needs.
     */
    private boolean closedForBackpressure() {
        if (abandoned) {
            return true;
        }
        if (!response.writeQueueFull()) {
            return false;
        }
        abandoned = true;
        LOG.warnf("gateway %s does not read its snapshot stream; dropping it so it reconnects", gateway.id());
        onAbandon.accept(this);
        response.close();
        return true;
    }
}
