package dev.portcullis.gateway.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portcullis.gateway.request.PrimitiveType;
import dev.portcullis.gateway.runtime.access.AccessDecision;
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
 * Notifications, answers and allowed requests pass unchanged, except notifications about primitives the caller may
 * not see (a {@code notifications/resources/updated} for a resource it may not read, a {@code list_changed} for a
 * list it may not ask for, as a {@code subscriptions/listen} stream or the GET stream carries them), which are
 * dropped the same way without an answer.
 *
 * <p>A dropped event that carried an SSE {@code id} is replaced by an event with that id and no data: an agent
 * dispatches no event for it, but its last event id moves past the dropped one (WHATWG rules), so a resumption
 * with {@code Last-Event-ID} does not ask for it again. Should it be replayed anyway, it is dropped and answered
 * again.
 *
 * <p>Only used when the caller's method or resource rules can deny something ({@link CallerAccess#restrictsMethods},
 * {@link CallerAccess#restrictsResources}): other
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
        // Cheap pre-check before parsing: a request names its method, possibly with escaped characters.
        if (data == null || !data.contains("method") && !data.contains("\\u")) {
            downstream.accept(raw);
            return;
        }
        JsonNode message = parse(data);
        Verdict verdict = message == null ? Verdict.PASS : judge(access, message);
        if (verdict == Verdict.PASS) {
            downstream.accept(raw);
            return;
        }
        if (verdict == Verdict.DENIED_REQUEST) {
            onDenied.denied(message.get("id"), message.get("method").textValue());
        }
        if (fields.id() != null) {
            downstream.accept(Buffer.buffer("id: " + fields.id() + "\n\n"));
        }
    }

    /** What becomes of one message from the upstream. */
    enum Verdict {
        PASS,
        /** A request the caller's method rules deny: dropped, and answered in the agent's place. */
        DENIED_REQUEST,
        /** A notification about a primitive the caller may not see: dropped. */
        HIDDEN
    }

    /** Judges one JSON-RPC message from the upstream against the caller's rules. */
    static Verdict judge(CallerAccess access, JsonNode message) {
        JsonNode method = message.get("method");
        if (method == null || !method.isTextual()) {
            return Verdict.PASS;
        }
        JsonNode id = message.get("id");
        if (id != null && !id.isNull() && !id.isContainerNode()) {
            return access.allowsMethod(method.textValue()) ? Verdict.PASS : Verdict.DENIED_REQUEST;
        }
        return id == null && hidden(access, method.textValue(), message.get("params")) ? Verdict.HIDDEN
                : Verdict.PASS;
    }

    /**
     * A notification about primitives the caller may not see: {@code notifications/resources/updated} for a
     * resource it may not read, or a {@code list_changed} notification for a list it may not ask for. Other
     * notifications (progress, logging, cancellation, ...) are not about a primitive and pass.
     */
    private static boolean hidden(CallerAccess access, String method, JsonNode params) {
        return switch (method) {
            case "notifications/resources/updated" -> {
                JsonNode uri = params == null ? null : params.get("uri");
                yield uri != null && uri.isTextual() && access.check("resources/read", PrimitiveType.RESOURCE,
                        uri.textValue()) instanceof AccessDecision.Denied;
            }
            case "notifications/tools/list_changed" -> !access.allowsMethod("tools/list");
            case "notifications/prompts/list_changed" -> !access.allowsMethod("prompts/list");
            case "notifications/resources/list_changed" -> !access.allowsMethod("resources/list");
            default -> false;
        };
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
