package dev.portcullis.gateway.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portcullis.gateway.error.ErrorResponses;
import dev.portcullis.gateway.error.GatewayError;
import dev.portcullis.gateway.error.GatewayErrors;
import dev.portcullis.gateway.observe.RequestObservation;
import dev.portcullis.gateway.runtime.access.CallerAccess;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpServerResponse;
import java.util.Locale;

/**
 * Relays an upstream body chunk by chunk with backpressure, like a pipe, for the answers the gateway must watch:
 * answers to a request (an {@link AnswerSniffer} learns what the upstream answered), those guarded by a circuit
 * breaker (judged for a JSON-RPC -32603 error) and SSE answers to a request, which a deadline may stop. Nothing is
 * held back from the agent or copied aside: the sniffer looks at each chunk as it passes, and an SSE stream's last
 * bytes are looked at to know whether it stands between two events. When the caller's method rules can deny a
 * request the upstream sends the agent, an SSE stream goes through a {@link ServerRequestGate} first and is relayed
 * event by event (each event once it is complete), so a denied request can be dropped whole.
 *
 * <p>Event-loop confined. Exactly one {@link End} is reported, unless {@link #stop} ended the relay first.
 */
final class StreamRelay {

    /** How the body ended. */
    enum End {
        /** Complete, and not a JSON-RPC -32603 error. */
        COMPLETED,
        /** Complete, and a JSON-RPC error -32603 (internal error): a failure for the circuit breaker. */
        INTERNAL_ERROR,
        /** The upstream died mid-body, or an SSE answer to a request ended without its answer. */
        CUT
    }

    /** The {@link #tail} of a stream with nothing written: it stands between events. */
    static final int NOTHING_WRITTEN = '\n' << 8 | '\n';

    private final HttpClientResponse upstream;
    private final RequestObservation observation;
    private final HttpServerResponse agent;
    private final boolean eventStream;
    /** The id of the request an SSE answer answers (the stream ends with the answer); null otherwise. */
    private final JsonNode answerId;
    private final Handler<End> onEnd;
    private final Runnable cutShort;
    private final AnswerSniffer sniffer;
    /** The last bytes written to the agent (up to four, newest lowest), to know whether an SSE event is half-sent. */
    private int tail = NOTHING_WRITTEN;
    private boolean done;
    /** Body bytes the agent still expects by the declared {@code Content-Length}; -1 when not declared. */
    private long remaining;
    /** A JSON body of unknown length keeps its latest chunk back, to end the response with it. */
    private Buffer heldBack;
    /** Cuts any other body of unknown length (not SSE) into lines, holding back only the answer; else null. */
    private final LineFramer lines;

    private StreamRelay(HttpClientResponse upstream, RequestObservation observation, boolean eventStream,
                        JsonNode answerId, AnswerSniffer sniffer, Handler<End> onEnd, Runnable cutShort) {
        this.upstream = upstream;
        this.observation = observation;
        this.agent = observation.request().response();
        this.eventStream = eventStream;
        this.answerId = answerId;
        this.sniffer = sniffer;
        this.onEnd = onEnd;
        this.cutShort = cutShort;
        this.remaining = declaredLength(agent.headers().get("Content-Length"));
        this.lines = !eventStream && remaining < 0
                && (!isJson(agent.headers().get("Content-Type")) || streamsFrames(observation))
                ? new LineFramer(sniffer != null) : null;
    }

    /**
     * The agent's response ends with the bytes that complete it, through {@link RequestObservation#end}, so those
     * last bytes wait for the request's record: the declared {@code Content-Length} reached, the bytes that end the
     * event answering the request in an SSE stream (with an {@code answerId}; anything the upstream sends after it
     * is dropped, as MCP servers end the stream there), the latest chunk of a JSON body of unknown length, or the
     * line answering the request in any other body of unknown length (JSON lines and the like, relayed line by
     * line as each line ends, see {@link LineFramer}; what follows the answer is dropped).
     *
     * <p>An SSE answer to a request that ends, cleanly or not, before the answer came (the upstream's connection
     * reset or closed, its process killed, or it ended the stream early) ends with a -32004 {@code upstream_closed}
     * error event for the request, recorded as the request's outcome (SPEC section 3 step 12).
     *
     * @param answerId the request's id when the body is an SSE answer to it: the response ends with the end of the
     *                 answer event, or with an error event for this id when none came; null otherwise
     * @param sniffer  looks for the upstream's answer in the body, or null (then {@code answerId} must be null); an
     *                 answer it finds with a -32603 error ends the relay as {@link End#INTERNAL_ERROR}. Closed by
     *                 the relay when the body ends.
     * @param cutShort ends the agent's response when the upstream dies mid-body (unless the error event did)
     * @param governed the caller's method rules when they can deny a server request on this SSE stream, or null:
     *                 then the stream is relayed event by event through a {@link ServerRequestGate}, and
     *                 {@code onDenied} answers each denied request in the agent's place
     */
    static StreamRelay start(HttpClientResponse upstream, RequestObservation observation, boolean eventStream,
                             JsonNode answerId, AnswerSniffer sniffer, Handler<End> onEnd, Runnable cutShort,
                             CallerAccess governed, ServerRequestGate.Denial onDenied) {
        StreamRelay relay = new StreamRelay(upstream, observation, eventStream, answerId, sniffer, onEnd,
                cutShort);
        if (eventStream && governed != null) {
            ServerRequestGate gate = new ServerRequestGate(governed, relay::chunk, onDenied, relay::broken);
            upstream.handler(gate::feed);
            upstream.endHandler(v -> {
                gate.finish();
                relay.ended();
            });
        } else {
            upstream.handler(relay::chunk);
            upstream.endHandler(v -> relay.ended());
        }
        upstream.exceptionHandler(error -> relay.broken());
        return relay;
    }

    private void chunk(Buffer chunk) {
        if (done || observation.answered()) {
            return;
        }
        if (sniffer != null && !sniffer.finished() && lines == null) {
            sniffer.feed(chunk);
        }
        if (remaining > 0 && chunk.length() >= remaining) {
            // The whole declared body is here: the response ends now, not when the upstream's end event arrives.
            remaining = 0;
            observation.end(chunk);
            return;
        }
        int answerEnd = answerId == null ? -1 : sniffer.answerEventEnd();
        if (answerEnd >= 0) {
            observation.end(answerEnd == chunk.length() ? chunk : chunk.getBuffer(0, answerEnd));
            return;
        }
        if (remaining > 0) {
            remaining -= chunk.length();
        }
        if (lines != null) {
            LineFramer.Cut cut = lines.feed(chunk);
            if (cut.answer() != null) {
                sniffer.feed(cut.answer());
                observation.end(cut.ready().appendBuffer(cut.answer()));
                return;
            }
            if (cut.ready().length() == 0) {
                return;
            }
            chunk = cut.ready();
        } else if (remaining < 0 && !eventStream) {
            Buffer previous = heldBack;
            heldBack = chunk;
            if (previous == null) {
                return;
            }
            chunk = previous;
        }
        agent.write(chunk);
        if (eventStream) {
            tail = tail(tail, chunk);
        }
        Backpressure.after(upstream, observation);
    }

    private void ended() {
        if (done) {
            return;
        }
        done = true;
        Buffer last = heldBack;
        heldBack = null;
        if (lines != null) {
            last = lines.rest();
            if (sniffer != null && !sniffer.finished()) {
                sniffer.feed(last);
            }
        }
        closeSniffer();
        if (awaitingAnswer() && sniffer.answer() == null) {
            answerUpstreamClosed();
            onEnd.handle(End.CUT);
            return;
        }
        if (awaitingAnswer() && !betweenEvents(tail)) {
            // The upstream ended its answer event without the blank line: an agent drops an event left open at the
            // end of the stream, so it is closed for it.
            last = Buffer.buffer("\n\n");
        }
        observation.end(last);
        UpstreamAnswer answer = sniffer == null ? null : sniffer.answer();
        onEnd.handle(answer != null && answer.isInternalError() ? End.INTERNAL_ERROR : End.COMPLETED);
    }

    private void broken() {
        if (done) {
            return;
        }
        done = true;
        closeSniffer();
        upstream.request().reset();
        if (awaitingAnswer()) {
            // No answer, or one whose event was cut before its end (its data may be cut too): the error follows.
            answerUpstreamClosed();
        } else {
            cutShort.run();
        }
        onEnd.handle(End.CUT);
    }

    /**
     * Stops relaying (a deadline passed): the upstream request is reset and the agent's stream ends cleanly. When
     * the stream stands between two events, {@code finalEvent} (a JSON-RPC message) is sent first as an SSE
     * {@code message} event, so the agent gets an answer to its request; otherwise a half-sent event would be
     * corrupted by it, and the stream just ends.
     *
     * @return false when the relay had already ended
     */
    boolean stop(Buffer finalEvent) {
        if (done) {
            return false;
        }
        done = true;
        closeSniffer();
        upstream.request().reset();
        if (observation.answered()) {
            // The agent has its answer; only the upstream's end of the stream was late: not a timeout.
            UpstreamAnswer answer = sniffer == null ? null : sniffer.answer();
            onEnd.handle(answer != null && answer.isInternalError() ? End.INTERNAL_ERROR : End.COMPLETED);
            return false;
        }
        if (!observation.answered() && !agent.closed()) {
            if (eventStream && betweenEvents(tail)) {
                agent.write(Buffer.buffer("event: message\ndata: ").appendBuffer(finalEvent).appendString("\n\n"));
            }
            observation.end();
        }
        return true;
    }

    /**
     * A {@code subscriptions/listen} answer is a stream of frames whatever its type says (servers send JSON lines
     * as {@code application/json}), so it is relayed line by line like any other stream.
     */
    private static boolean streamsFrames(RequestObservation observation) {
        return observation.route() != null && "subscriptions/listen".equals(observation.route().method());
    }

    /** A plain JSON body ({@code application/json}, {@code +json}, or no type said): one message, the answer. */
    private static boolean isJson(String contentType) {
        if (contentType == null || contentType.isBlank()) {
            return true;
        }
        int end = contentType.indexOf(';');
        String type = (end < 0 ? contentType : contentType.substring(0, end)).strip().toLowerCase(Locale.ROOT);
        return type.equals("application/json") || type.endsWith("+json");
    }

    private static long declaredLength(String contentLength) {
        if (contentLength == null) {
            return -1;
        }
        try {
            return Long.parseLong(contentLength.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** An SSE answer to a request whose answer event has not ended yet, while the agent still waits for it. */
    private boolean awaitingAnswer() {
        return answerId != null && !observation.answered() && !agent.closed();
    }

    /**
     * Ends the agent's stream with a -32004 {@code upstream_closed} event for the request, recorded first. A
     * half-sent event is ended with a blank line before it: the agent drops it as unreadable, then reads the error.
     */
    private void answerUpstreamClosed() {
        GatewayError error = GatewayErrors.upstreamClosed();
        observation.gatewayErrorInStream(error);
        Buffer event = Buffer.buffer(betweenEvents(tail) ? "" : "\n\n").appendString("event: message\ndata: ")
                .appendBuffer(ErrorResponses.body(answerId, error)).appendString("\n\n");
        observation.end(event);
    }

    /** The last four bytes of what was written, {@code written} then {@code chunk}, newest in the lowest byte. */
    static int tail(int written, Buffer chunk) {
        int tail = written;
        for (int i = Math.max(0, chunk.length() - 4); i < chunk.length(); i++) {
            tail = tail << 8 | (chunk.getByte(i) & 0xff);
        }
        return tail;
    }

    /** True when {@code tail} ends with a blank line (an SSE event ends there), in any of the three line endings. */
    static boolean betweenEvents(int tail) {
        int last = tail & 0xff;
        int before = tail >>> 8 & 0xff;
        if (last == '\n' && before == '\r') {
            int third = tail >>> 16 & 0xff;
            return third == '\n' || third == '\r';
        }
        return (last == '\n' || last == '\r') && (before == '\n' || last == '\r' && before == '\r');
    }

    /** True when the chunk ends with a blank line (an SSE event ends there), in any of the three line endings. */
    static boolean endsBetweenEvents(Buffer chunk) {
        return chunk.length() >= 2 && betweenEvents(tail(0, chunk));
    }

    private void closeSniffer() {
        if (sniffer != null) {
            sniffer.close();
        }
    }
}
