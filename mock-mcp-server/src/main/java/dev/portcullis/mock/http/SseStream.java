package dev.portcullis.mock.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.portcullis.mock.rpc.Json;
import io.vertx.core.http.HttpServerResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@code text/event-stream} response. Each {@link #send} is one SSE event with an id
 * ({@code <stream>-<sequence>}, unique within the server) written and flushed at once. Event loop only.
 */
public final class SseStream {

    private static final AtomicLong STREAM_IDS = new AtomicLong();

    private final HttpServerResponse response;
    private final long streamId = STREAM_IDS.incrementAndGet();
    private final List<Runnable> closeHooks = new ArrayList<>();
    private long sequence;
    private boolean open = true;

    private SseStream(HttpServerResponse response) {
        this.response = response;
    }

    /** Writes the 200 and SSE headers now, so the client sees the stream open before the first event. */
    public static SseStream open(HttpServerResponse response) {
        response.setStatusCode(200)
                .setChunked(true)
                .putHeader("Content-Type", "text/event-stream")
                .putHeader("Cache-Control", "no-cache")
                .putHeader("X-Accel-Buffering", "no");
        SseStream stream = new SseStream(response);
        response.closeHandler(ignored -> stream.closed());
        response.writeHead();
        return stream;
    }

    public boolean isOpen() {
        return open && !response.closed() && !response.ended();
    }

    /** Sends one JSON-RPC message as an SSE {@code message} event. Ignored once the stream is closed. */
    public void send(ObjectNode message) {
        if (!isOpen()) {
            return;
        }
        sequence++;
        response.write("id: " + streamId + "-" + sequence + "\nevent: message\ndata: " + Json.write(message) + "\n\n");
    }

    /** Sends one JSON-RPC message as an SSE {@code message} event with the given id (a session's own sequence). */
    public void send(ObjectNode message, String eventId) {
        if (isOpen()) {
            response.write("id: " + eventId + "\nevent: message\ndata: " + Json.write(message) + "\n\n");
        }
    }

    /** Sends an SSE comment line (heartbeats): clients ignore it, proxies see traffic. */
    public void comment(String text) {
        if (isOpen()) {
            response.write(": " + text + "\n\n");
        }
    }

    /** Ends the stream cleanly (final chunk), then runs the close hooks. */
    public void end() {
        if (isOpen()) {
            response.end();
        }
        closed();
    }

    /** Runs {@code hook} once when the stream ends or the client goes away (the response's close handler). */
    public void onClose(Runnable hook) {
        if (open) {
            closeHooks.add(hook);
        } else {
            hook.run();
        }
    }

    private void closed() {
        if (!open) {
            return;
        }
        open = false;
        List<Runnable> hooks = List.copyOf(closeHooks);
        closeHooks.clear();
        hooks.forEach(Runnable::run);
    }
}
