package dev.portcullis.mock.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.portcullis.mock.session.Cancellation;
import dev.portcullis.mock.session.Session;
import io.vertx.core.Vertx;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Everything a method handler may use about the request it serves.
 *
 * @param session       the caller's session (never null: {@code initialize} does not go through handlers)
 * @param headers       the HTTP request headers, names lowercased, repeated headers joined with {@code ", "}
 * @param requestId     the JSON-RPC id
 * @param progressToken {@code params._meta.progressToken}, or null when the client asked for no progress
 * @param streamSink    sends a server message on this request's SSE stream; a no-op for a plain JSON answer
 * @param vertx         for timers (handlers run on the event loop and must not block)
 * @param cancellation  fires when the request is cancelled or its connection drops
 */
public record CallContext(Session session, Map<String, String> headers, JsonNode requestId, JsonNode progressToken,
                          Consumer<ObjectNode> streamSink, Vertx vertx, Cancellation cancellation) {

    public CallContext {
        Objects.requireNonNull(session, "session");
        headers = Map.copyOf(headers);
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(streamSink, "streamSink");
        Objects.requireNonNull(vertx, "vertx");
        Objects.requireNonNull(cancellation, "cancellation");
    }

    /** Sends {@code notifications/progress} when the client gave a progress token; otherwise does nothing. */
    public void progress(double progress, double total, String message) {
        if (progressToken == null) {
            return;
        }
        ObjectNode params = Json.object();
        params.set("progressToken", progressToken);
        params.put("progress", progress);
        params.put("total", total);
        if (message != null) {
            params.put("message", message);
        }
        streamSink.accept(Json.notification("notifications/progress", params));
    }
}
