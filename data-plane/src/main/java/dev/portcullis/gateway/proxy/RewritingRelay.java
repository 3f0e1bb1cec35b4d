package dev.portcullis.gateway.proxy;

import dev.portcullis.gateway.observe.RequestObservation;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.portcullis.gateway.error.AccessErrors;
import dev.portcullis.gateway.error.ErrorResponses;
import dev.portcullis.gateway.error.GatewayError;
import dev.portcullis.gateway.error.GatewayErrors;
import dev.portcullis.gateway.filter.McpResponse;
import dev.portcullis.gateway.filter.ResponseRewrite;
import dev.portcullis.gateway.runtime.access.CallerAccess;
import dev.portcullis.model.json.Json;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.jboss.logging.Logger;

/**
 * Relays an upstream response whose JSON-RPC answer a filter asked to rewrite ({@link McpResponse#bodyRewrite}).
 * A JSON body is read whole, up to {@value #MAX_BYTES} bytes, rewritten and sent with its new
 * {@code Content-Length}. An SSE stream is relayed event by event as it arrives, with backpressure: only the event
 * answering the request (matched by id) is rewritten, every other one passes byte for byte, except a request from
 * the upstream that the caller's method rules deny, which is dropped like {@link ServerRequestGate} drops it.
 *
 * <p>Fails closed: an answer that is not JSON, too large, compressed or of an unexpected shape reaches the agent as
 * a -32603 error carrying the request id, never as the original; one cut short (the upstream's connection failed
 * or its stream ended before the answer) as a -32004 {@code upstream_closed} error (a 502, or an SSE event). An
 * upstream error status whose body is not JSON passes unchanged (it is not a list). An error answer passes
 * unchanged and its code is recorded in the request's observation. Event-loop confined; one instance per response.
 */
public final class RewritingRelay {

    static final int MAX_BYTES = 16 * 1024 * 1024;

    private static final Logger LOG = Logger.getLogger(RewritingRelay.class);

    private final HttpClientResponse upstream;
    private final RequestObservation observation;
    private final HttpServerResponse agent;
    private final ResponseRewrite rewrite;
    private final JsonNode requestId;
    private final String proxyId;
    private final CallerAccess governed;
    private final ServerRequestGate.Denial onDenied;
    private boolean done;

    private RewritingRelay(HttpClientResponse upstream, RequestObservation observation, ResponseRewrite rewrite,
                           JsonNode requestId, String proxyId, CallerAccess governed,
                           ServerRequestGate.Denial onDenied) {
        this.upstream = upstream;
        this.observation = observation;
        this.agent = observation.request().response();
        this.rewrite = rewrite;
        this.requestId = requestId;
        this.proxyId = proxyId;
        this.governed = governed;
        this.onDenied = onDenied;
    }

    /**
     * Takes over the body once the agent's status and headers are set from {@code head}.
     *
     * @param requestId the id of the agent's request, which the answer carries; null for a resumed GET stream,
     *                  where every answer replayed on it is rewritten and non-JSON events are dropped
     * @param governed  the caller's method rules when they can deny a request the upstream sends the agent on an
     *                  SSE stream, or null; a denied one is dropped (see {@link ServerRequestGate}) and
     *                  {@code onDenied} answers it in the agent's place
     */
    public static void start(HttpClientResponse upstream, RequestObservation observation, McpResponse head,
                             JsonNode requestId, String proxyId, CallerAccess governed,
                             ServerRequestGate.Denial onDenied) {
        RewritingRelay relay = new RewritingRelay(upstream, observation, head.bodyRewrite(), requestId, proxyId,
                governed, onDenied);
        boolean compressed = ForwardHeaders.isCompressed(head.headers().get("Content-Encoding"));
        observation.request().response().headers().remove("Content-Length");
        if (head.isEventStream()) {
            relay.stream(compressed);
        } else {
            relay.whole(compressed, head.headers().get("Content-Length"), head.status());
        }
    }

    private void whole(boolean compressed, String declaredLength, int status) {
        if (compressed || declaredTooLarge(declaredLength)) {
            abandon(compressed ? "compressed" : "too large");
            return;
        }
        Buffer body = Buffer.buffer();
        upstream.handler(chunk -> {
            if (done) {
                return;
            }
            if (body.length() + chunk.length() > MAX_BYTES) {
                abandon("too large");
                return;
            }
            body.appendBuffer(chunk);
        });
        upstream.exceptionHandler(error -> {
            if (!done) {
                done = true;
                LOG.debugf("answer from proxy %s was cut short", proxyId);
                replaceWith(GatewayErrors.upstreamClosed());
            }
        });
        upstream.endHandler(v -> {
            if (!done) {
                done = true;
                finishWhole(body, status);
            }
        });
    }

    private void finishWhole(Buffer body, int status) {
        JsonNode message;
        try {
            message = Json.mapper().readTree(body.getBytes());
        } catch (IOException e) {
            message = null;
        }
        if (!(message instanceof ObjectNode object)) {
            if (status >= 400) {
                observation.end(body);
            } else {
                fail(rewrite.unfilterableMessage());
            }
            return;
        }
        if (object.has("error") && !object.has("result")) {
            answeredWithError(object);
            observation.end(body);
            return;
        }
        if (rewrite(object) instanceof ResponseRewrite.Outcome.Unfilterable unfilterable) {
            fail(unfilterable.message());
        } else {
            observation.end(Buffer.buffer(Json.write(object)));
        }
    }

    private void stream(boolean compressed) {
        agent.setChunked(true);
        if (compressed) {
            done = true;
            upstream.request().reset();
            write(errorEvent(null, rewrite.unfilterableMessage()));
            observation.end();
            return;
        }
        SseBlockSplitter splitter = new SseBlockSplitter(MAX_BYTES, this::onBlock, () -> {
            if (!done) {
                done = true;
                write(errorEvent(null, rewrite.unfilterableMessage()));
            }
            upstream.request().reset();
            endAgent();
        });
        upstream.handler(chunk -> {
            splitter.feed(chunk);
            Backpressure.after(upstream, observation);
        });
        upstream.exceptionHandler(error -> endStream());
        upstream.endHandler(v -> {
            splitter.finish();
            endStream();
        });
    }

    /**
     * The upstream's stream ended, cleanly or not. If it never answered the request, the agent gets a -32004
     * {@code upstream_closed} error event for it (recorded first) before the end; a resumed GET stream, which
     * answers no request of the agent, just ends.
     */
    private void endStream() {
        if (requestId == null || done || observation.answered() || agent.closed()) {
            endAgent();
            return;
        }
        done = true;
        GatewayError error = GatewayErrors.upstreamClosed();
        observation.gatewayErrorInStream(error);
        observation.end(event(null, ErrorResponses.body(requestId, error)));
    }

    private void onBlock(Buffer raw) {
        SseBlockSplitter.Fields fields = SseBlockSplitter.parse(raw);
        if (fields.data() == null || fields.data().isBlank()) {
            write(raw);
            return;
        }
        JsonNode message;
        try {
            message = Json.mapper().readTree(fields.data());
        } catch (IOException e) {
            message = null;
        }
        if (message == null) {
            if (requestId != null && !done) {
                done = true;
                answer(errorEvent(fields, rewrite.unfilterableMessage()));
            }
            return;
        }
        if (!isAnswer(message)) {
            ServerRequestGate.Verdict verdict = governed == null || !message.isObject()
                    ? ServerRequestGate.Verdict.PASS : ServerRequestGate.judge(governed, message);
            if (verdict != ServerRequestGate.Verdict.PASS) {
                if (verdict == ServerRequestGate.Verdict.DENIED_REQUEST) {
                    onDenied.denied(message.get("id"), message.get("method").textValue());
                }
                if (fields.id() != null) {
                    write(Buffer.buffer("id: " + fields.id() + "\n\n"));
                }
                return;
            }
            write(raw);
            return;
        }
        if (done) {
            return;
        }
        done = requestId != null;
        if (message.has("error") && !message.has("result")) {
            answeredWithError(message);
            answer(raw);
            return;
        }
        ObjectNode answer = (ObjectNode) message;
        answer(rewrite(answer) instanceof ResponseRewrite.Outcome.Unfilterable unfilterable
                ? errorEvent(fields, unfilterable.message())
                : event(fields, Buffer.buffer(Json.write(answer))));
    }

    /**
     * Sends an answer event. The answer to the request ends the stream with it (MCP servers end it there; its last
     * bytes wait for the request's record); on a resumed GET stream answers just pass.
     */
    private void answer(Buffer event) {
        if (requestId == null) {
            write(event);
        } else if (!agent.closed()) {
            observation.end(event);
        }
    }

    /** An error answer passes unchanged; the observation learns its code (list results are never tool errors). */
    private void answeredWithError(JsonNode message) {
        if (requestId != null) {
            JsonNode code = message.path("error").path("code");
            observation.upstreamAnswer(code.isInt() ? code.intValue() : null, false);
        }
    }

    /** Rewrites the answer's result in place; an answer without a result is unfilterable. */
    private ResponseRewrite.Outcome rewrite(ObjectNode message) {
        JsonNode result = message.get("result");
        ResponseRewrite.Outcome outcome = result == null
                ? new ResponseRewrite.Outcome.Unfilterable(rewrite.unfilterableMessage())
                : rewrite.rewrite(result);
        if (outcome instanceof ResponseRewrite.Outcome.Rewritten rewritten) {
            message.set("result", rewritten.result());
        }
        return outcome;
    }

    private boolean isAnswer(JsonNode message) {
        return message.isObject() && !message.has("method") && (message.has("result") || message.has("error"))
                && (requestId == null || sameId(message.get("id"), requestId));
    }

    static boolean sameId(JsonNode a, JsonNode b) {
        if (a == null || b == null) {
            return false;
        }
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue()) == 0;
        }
        return a.isTextual() && b.isTextual() && a.textValue().equals(b.textValue());
    }

    private void abandon(String why) {
        done = true;
        LOG.debugf("answer from proxy %s could not be filtered: %s", proxyId, why);
        upstream.request().reset();
        fail(rewrite.unfilterableMessage());
    }

    private void fail(String message) {
        replaceWith(AccessErrors.unfilterable(message));
    }

    /** Answers with the gateway's own error instead of the upstream's answer, whose head is not written yet. */
    private void replaceWith(GatewayError error) {
        if (agent.closed()) {
            return;
        }
        ErrorResponses.send(observation, requestId, error);
    }

    private Buffer errorEvent(SseBlockSplitter.Fields fields, String message) {
        GatewayError error = AccessErrors.unfilterable(message);
        observation.gatewayError(error);
        return event(fields, ErrorResponses.body(requestId, error));
    }

    private static Buffer event(SseBlockSplitter.Fields fields, Buffer json) {
        Buffer out = Buffer.buffer(json.length() + 64);
        if (fields != null && fields.event() != null && !fields.event().isEmpty()) {
            out.appendString("event: ").appendString(fields.event()).appendString("\n");
        }
        if (fields != null && fields.id() != null) {
            out.appendString("id: ").appendString(fields.id()).appendString("\n");
        }
        return out.appendString("data: ").appendBuffer(json).appendString("\n\n");
    }

    private void write(Buffer data) {
        if (!observation.answered() && !agent.closed()) {
            agent.write(data);
        }
    }

    private void endAgent() {
        if (!agent.closed()) {
            observation.end();
        }
    }

    private static boolean declaredTooLarge(String contentLength) {
        if (contentLength == null) {
            return false;
        }
        try {
            return Long.parseLong(contentLength.strip()) > MAX_BYTES;
        } catch (NumberFormatException e) {
            return true;
        }
    }
}
