package dev.portcullis.gateway.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portcullis.gateway.runtime.access.CallerAccess;
import dev.portcullis.model.json.Json;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.util.function.Consumer;

/**
 * Governs the requests an upstream sends the agent on an SSE stream (a POST's SSE answer or the GET stream):
 * {@code sampling/createMessage}, {@code elicitation/create}, {@code roots/list} or any other JSON-RPC request
 * event (one with a {@code method} and an {@code id}) is checked against the caller's method rules
 * ({@link CallerAccess#allowsMethod}: the proxy's {@code operations} allow/block and the policies'
 * {@code jsonRpcMethodsAccessRights}). The stream is cut into events; each event passes byte for byte unless it
 * is a denied request: that one is dropped and {@code onDenied} answers the upstream in the agent's place.
 * Notifications, answers and allowed requests pass unchanged.
 *
 * <p>A dropped event that carried an SSE {@code id} is replaced by an event with that id and no data: an agent
 * dispatches no event for it, but its last event id moves past the dropped one (WHATWG rules), so a resumption
 * with {@code Last-Event-ID} does not ask for it again. Should it be replayed anyway, it is dropped and answered
 * again.
 *
 * <p>Only used when the caller's method rules can deny something ({@link CallerAccess#restrictsMethods}): other
 * streams are relayed chunk by chunk, never held to an event boundary. An event larger than {@value #MAX_EVENT_BYTES}
 * bytes cannot be judged: {@code onOverflow} runs once (the relay ends the stream, failing closed) and the rest is
 * ignored. Event-loop confined, one per stream.
 */
final class ServerRequestGate {

    static final int MAX_EVENT_BYTES = RewritingRelay.MAX_BYTES;

    /** Answers one denied server request. */
    interface Denial {
        void denied(JsonNode id, String method);
    }

    private final CallerAccess access;
    private final Consumer<Buffer> downstream;
    private final Denial onDenied;
    private final SseBlockSplitter splitter;

    ServerRequestGate(CallerAccess access, Consumer<Buffer> downstream, Denial onDenied, Runnable onOverflow) {
        this.access = access;
        this.downstream = downstream;
        this.onDenied = onDenied;
        this.splitter = new SseBlockSplitter(MAX_EVENT_BYTES, this::onEvent, onOverflow);
    }

    void feed(Buffer chunk) {
        splitter.feed(chunk);
    }

    /** The stream ended: an event left without its blank line is judged and passed on like the others. */
    void finish() {
        splitter.finish();
    }

    private void onEvent(Buffer raw) {
        SseBlockSplitter.Fields fields = SseBlockSplitter.parse(raw);
        String data = fields.data();
        if (data == null || !data.contains("\"method\"")) {
            downstream.accept(raw);
            return;
        }
        JsonNode message = parse(data);
        JsonNode method = message == null ? null : message.get("method");
        JsonNode id = message == null ? null : message.get("id");
        if (method == null || !method.isTextual() || id == null || id.isNull() || id.isContainerNode()
                || access.allowsMethod(method.textValue())) {
            downstream.accept(raw);
            return;
        }
        onDenied.denied(id, method.textValue());
        if (fields.id() != null) {
            downstream.accept(Buffer.buffer("id: " + fields.id() + "\n\n"));
        }
    }

    private static JsonNode parse(String data) {
        try {
            JsonNode message = Json.mapper().readTree(data);
            return message != null && message.isObject() ? message : null;
        } catch (IOException e) {
            return null;
        }
    }
}
