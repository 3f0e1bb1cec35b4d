package dev.portcullis.gateway.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.portcullis.gateway.error.AccessErrors;
import dev.portcullis.gateway.error.GatewayError;
import dev.portcullis.gateway.error.GatewayErrors;
import dev.portcullis.gateway.filter.FilterChain;
import dev.portcullis.gateway.filter.FilterContext;
import dev.portcullis.gateway.filter.McpResponse;
import dev.portcullis.gateway.filter.ResponseRewrite;
import dev.portcullis.gateway.filter.UpstreamMessage;
import dev.portcullis.gateway.framing.Framer;
import dev.portcullis.gateway.framing.SseFields;
import dev.portcullis.gateway.observe.ErrorResponses;
import dev.portcullis.gateway.observe.RequestObservation;
import dev.portcullis.gateway.request.MessageKind;
import dev.portcullis.model.json.Json;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.streams.ReadStream;
import java.util.Objects;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * Relays an upstream body to the agent, message by message, through the pipeline's steps. The body is cut into
 * frames by one {@link Framer} (SSE events, JSON lines, or the whole JSON body, as {@link McpResponse#framing}
 * says); each frame's message is parsed at most once ({@link UpstreamMessage}) and walks the steps that ran,
 * backward ({@link FilterChain#onMessage}): they record the answer, judge it for the breaker, drop the upstream's
 * requests the caller may not receive, and so on. The answer is then rewritten if a step asked for it
 * ({@link McpResponse#rewriteBody}), and the frame goes to the agent: byte for byte unless a step changed it, each
 * as soon as it is complete, with backpressure. A body no step reads is piped chunk by chunk.
 *
 * <p>The agent's response ends with the frame that answers its request, through {@link RequestObservation#end}, so
 * those last bytes wait for the request's record; what an SSE stream sends after its answer is dropped (MCP servers
 * end the stream there). An SSE answer to a request that ends, cleanly or not, before its answer came gets a -32004
 * {@code upstream_closed} error event for the request, recorded as its outcome.
 *
 * <p>Fails closed when the body is governed ({@link McpResponse.Reading#GOVERN}): an answer that cannot be read
 * (not JSON, compressed, larger than {@value #MAX_FRAME} bytes, or of a shape the rewrite cannot filter) reaches
 * the agent as a -32603 error carrying the request id, never as the original; an unreadable stream ends. An upstream
 * error status whose body is not JSON passes. A body that is only observed passes what cannot be read, unread.
 *
 * <p>Event-loop confined. Exactly one {@link End} is reported, unless {@link #stop} ended the relay first.
 */
public final class ResponseRelay implements Framer.Sink {

    /** The largest frame held to be read; a longer one is passed unread, or fails a governed body. */
    static final int MAX_FRAME = 16 * 1024 * 1024;

    /** The upstream body that continues a stream after a reconnection, and how to stop it. */
    record Continuation(ReadStream<Buffer> body, Runnable abort) {
    }

    /** How the body ended. */
    public enum End {
        /** Complete. */
        COMPLETED,
        /** The upstream died mid-body, or an SSE answer to a request ended without the answer. */
        CUT
    }

    private static final Logger LOG = Logger.getLogger(ResponseRelay.class);
    /** The longest upstream event id kept for {@code Last-Event-ID}. */
    static final int MAX_EVENT_ID = 1024;
    /** Resumptions in a row that bring no new event before the agent's stream is ended instead. */
    private static final int MAX_FRUITLESS_RESUMES = 3;
    private static final Buffer BLANK_LINE = Buffer.buffer("\n\n");

    private ReadStream<Buffer> upstream;
    /** Stops the body at its source (resets the upstream request). */
    private Runnable abort;
    /** Continues a GET stream whose upstream connection broke; null when the stream is not resumed. */
    private Function<String, Future<Continuation>> resumption;
    /** The id of the last SSE event the agent got (or that was dropped for it); null before one. */
    private String lastEventId;
    /** The event id the last resumption asked after, and how many resumptions in a row got no event past it. */
    private String resumedAfter;
    private int fruitlessResumes;
    private final RequestObservation observation;
    private final HttpServerResponse agent;
    private final FilterContext context;
    private final McpResponse head;
    private final McpResponse.Framing framing;
    private final ResponseRewrite rewrite;
    private final boolean governed;
    /** The agent's request id when it is a request: the answer carrying it ends the response; null otherwise. */
    private final JsonNode requestId;
    private final Handler<End> onEnd;
    private final Runnable cutShort;
    private final Framer framer;
    /** The relay ended: its {@link End} was reported (or {@link #stop} ended it). */
    private boolean done;

    private ResponseRelay(ReadStream<Buffer> upstream, Runnable abort, RequestObservation observation,
                          FilterContext context, McpResponse head, Handler<End> onEnd, Runnable cutShort) {
        this.upstream = upstream;
        this.abort = abort;
        this.observation = observation;
        this.agent = observation.request().response();
        this.context = context;
        this.head = head;
        this.framing = head.framing();
        this.rewrite = head.bodyRewrite();
        this.governed = head.reading() == McpResponse.Reading.GOVERN;
        this.requestId = context.route().kind() == MessageKind.REQUEST ? context.route().id() : null;
        this.onEnd = onEnd;
        this.cutShort = cutShort;
        boolean reads = head.reading() != McpResponse.Reading.NONE
                && !ForwardHeaders.isCompressed(head.headers().get("Content-Encoding"));
        this.framer = reads ? new Framer(mode(framing), MAX_FRAME,
                governed ? Framer.Overflow.FAIL : Framer.Overflow.PASS, this) : null;
    }

    /**
     * Takes over the body once the agent's status and headers are set from {@code head}.
     *
     * @param onEnd    told how the body ended (for the breaker)
     * @param cutShort ends the agent's response when the upstream dies mid-body (unless the error event did)
     */
    public static ResponseRelay start(ReadStream<Buffer> upstream, Runnable abort, RequestObservation observation,
                               FilterContext context, McpResponse head, Handler<End> onEnd, Runnable cutShort) {
        ResponseRelay relay = new ResponseRelay(upstream, abort, observation, context, head, onEnd, cutShort);
        relay.begin();
        return relay;
    }

    /**
     * Relays an answer a step produced itself (a mock response) the way an upstream's is relayed: its head has
     * walked the steps that ran backward already (see {@link FilterChain#onResponse}) and set the agent's status
     * and headers; here its body walks them as one message.
     */
    public static void answerLocally(RequestObservation observation, FilterContext context, McpResponse head,
                                     Buffer body) {
        LocalBody local = new LocalBody(body);
        start(local, () -> { }, observation, context, head, end -> { }, observation::end);
        local.deliver();
    }

    /**
     * Keeps a GET stream going when its upstream connection breaks: {@code resume} reconnects with the id of the
     * last event relayed ({@code Last-Event-ID}); its body then continues the agent's stream, the unfinished event
     * of the broken connection forgotten (the upstream sends it again). A stream that gave no event id, or stood
     * inside an event too long to hold, or whose reconnection fails, ends cleanly as before. Call right after
     * {@link #start}.
     */
    void resumeWith(Function<String, Future<Continuation>> resume) {
        this.resumption = resume;
    }

    private void begin() {
        boolean compressed = ForwardHeaders.isCompressed(head.headers().get("Content-Encoding"));
        if (compressed && governed) {
            unreadable("compressed");
            return;
        }
        // A governed whole body may be rewritten or edited (an operator plugin's edit): it is sent at once and gets
        // its new length then.
        boolean wholeAtOnce = framer != null && framing == McpResponse.Framing.WHOLE && (rewrite != null || governed);
        if (framer != null && (framing != McpResponse.Framing.WHOLE || wholeAtOnce)) {
            // Frames may be replaced or dropped: a declared length would no longer hold.
            agent.headers().remove("Content-Length");
        }
        // Any other body keeps the length it declared, or goes chunked.
        if (!wholeAtOnce) {
            agent.setChunked(!agent.headers().contains("Content-Length"));
        }
        listen();
    }

    /** Reads the current upstream body; a body replaced by a resumption is ignored from then on. */
    private void listen() {
        ReadStream<Buffer> source = upstream;
        source.handler(chunk -> {
            if (source != upstream) {
                return;
            }
            if (framer == null) {
                pipe(chunk);
            } else if (!done && !observation.answered()) {
                framer.feed(chunk);
            }
        });
        source.endHandler(v -> {
            if (source == upstream) {
                ended();
            }
        });
        source.exceptionHandler(error -> {
            if (source == upstream) {
                broken();
            }
        });
    }

    private void pipe(Buffer chunk) {
        if (!done && !observation.answered()) {
            write(chunk);
        }
    }

    @Override
    public void frame(Buffer frame) {
        if (done || observation.answered()) {
            return;
        }
        SseFields fields = null;
        UpstreamMessage message;
        if (framing == McpResponse.Framing.EVENTS) {
            fields = SseFields.parse(frame);
            if (fields.id() != null) {
                // The upstream's id goes back to it as Last-Event-ID: one that is no sane header value means this
                // stream cannot be resumed, rather than echoing megabytes or control characters.
                lastEventId = usableEventId(fields.id()) ? fields.id() : null;
            }
            if (fields.data() == null || fields.data().isBlank()) {
                write(frame); // comments, retry and id-only events carry no message
                return;
            }
            message = new UpstreamMessage(fields.data(), null, requestId, context.route().kind() != MessageKind.REQUEST);
        } else {
            if (framing == McpResponse.Framing.LINES && isBlank(frame)) {
                write(frame);
                return;
            }
            message = new UpstreamMessage(null, frame, requestId, true);
        }
        boolean readable = FilterChain.onMessage(message, context);
        boolean ends = framing == McpResponse.Framing.WHOLE || requestId != null && message.answersRequest();
        if (rewrite != null && (framing == McpResponse.Framing.WHOLE
                || (requestId != null ? message.answersRequest() : message.kind() == UpstreamMessage.Kind.ANSWER)
                || requestId != null && framing == McpResponse.Framing.EVENTS && message.json() == null)) {
            if (!readable) {
                unfilterable(fields, rewrite.unfilterableMessage());
                return;
            }
            if (!rewriteAnswer(message, fields)) {
                return;
            }
        } else if (!readable) {
            if (ends) {
                unfilterable(fields, "response could not be filtered");
                return;
            }
            message.drop();
        }
        if (message.dropped()) {
            if (fields != null && fields.id() != null) {
                // The agent's last event id moves past the dropped event, so a resumption does not ask for it again.
                write(Buffer.buffer("id: " + fields.id() + "\n\n"));
            }
            return;
        }
        Buffer out = message.replaced() ? render(fields, Buffer.buffer(Json.write(message.json()))) : frame;
        if (ends) {
            finishWith(out);
        } else {
            write(out);
        }
    }

    /**
     * Applies the rewrite to the answer, or answers with the gateway's error when the answer cannot be filtered.
     *
     * @return false when the relay answered the agent itself (the frame is consumed)
     */
    private boolean rewriteAnswer(UpstreamMessage message, SseFields fields) {
        JsonNode json = message.json();
        if (json == null) {
            if (framing == McpResponse.Framing.WHOLE && head.status() >= 400) {
                return true; // an upstream error page, not a list
            }
            unfilterable(fields, rewrite.unfilterableMessage());
            return false;
        }
        if (json.has("error") && !json.has("result")) {
            return true; // error answers pass; the answer recorder has their code
        }
        JsonNode result = json.get("result");
        ResponseRewrite.Outcome outcome = result == null
                ? new ResponseRewrite.Outcome.Unfilterable(rewrite.unfilterableMessage())
                : rewrite.rewrite(result);
        if (outcome instanceof ResponseRewrite.Outcome.Rewritten rewritten) {
            ObjectNode answer = (ObjectNode) json; // parsed for this message only: changed in place
            answer.set("result", rewritten.result());
            message.replace(answer);
            return true;
        }
        unfilterable(fields, ((ResponseRewrite.Outcome.Unfilterable) outcome).message());
        return false;
    }

    @Override
    public void passing(Buffer bytes, boolean ends) {
        if (done || observation.answered()) {
            return;
        }
        if (ends && framing == McpResponse.Framing.WHOLE) {
            finishWith(bytes);
        } else {
            write(bytes);
        }
    }

    @Override
    public void overflowed() {
        unreadable("too large");
    }

    private void ended() {
        if (done) {
            return;
        }
        if (framer != null) {
            framer.finish();
            if (done) {
                return;
            }
        }
        done = true;
        if (awaitingAnswer()) {
            answerUpstreamClosed();
            onEnd.handle(End.CUT);
            return;
        }
        if (!observation.answered() && !agent.closed()) {
            observation.end();
        }
        onEnd.handle(End.COMPLETED);
    }

    private void broken() {
        if (done) {
            return;
        }
        if (Objects.equals(lastEventId, resumedAfter)) {
            fruitlessResumes++;
        } else {
            fruitlessResumes = 0;
        }
        // An upstream that accepts every reconnection and drops it at once is not reconnected forever.
        if (resumption != null && lastEventId != null && framer != null && !framer.insideLongFrame()
                && !agent.closed() && fruitlessResumes < MAX_FRUITLESS_RESUMES) {
            resumedAfter = lastEventId;
            resume();
            return;
        }
        cut();
    }

    /** 1 to {@value #MAX_EVENT_ID} visible ASCII characters: what may be sent back as {@code Last-Event-ID}. */
    static boolean usableEventId(String id) {
        if (id.isEmpty() || id.length() > MAX_EVENT_ID) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                return false;
            }
        }
        return true;
    }

    /** Reconnects after {@link #lastEventId}; the agent's stream waits, and ends cleanly if that fails. */
    private void resume() {
        abort.run();
        upstream = null;
        framer.discardHeld();
        Function<String, Future<Continuation>> resume = resumption;
        resumption = null; // one reconnection at a time; set again once it took
        resume.apply(lastEventId).onComplete(next -> {
            if (next.failed() || done || agent.closed()) {
                if (next.succeeded()) {
                    next.result().abort().run();
                }
                LOG.debugf("stream of proxy %s could not resume: %s", context.proxy().id(),
                        next.failed() ? next.cause().getMessage() : "ended meanwhile");
                cut();
                return;
            }
            upstream = next.result().body();
            abort = next.result().abort();
            resumption = resume;
            LOG.debugf("stream of proxy %s resumed after event %s", context.proxy().id(), lastEventId);
            listen();
        });
    }

    private void cut() {
        if (done) {
            return;
        }
        done = true;
        abort.run();
        if (awaitingAnswer()) {
            // No answer, or one whose event was cut before its end: the error follows.
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
     * @return false when the relay had already ended, or the agent had its answer
     */
    boolean stop(Buffer finalEvent) {
        if (done) {
            return false;
        }
        done = true;
        abort.run();
        if (observation.answered()) {
            // The agent has its answer; only the upstream's end of the stream was late: not a timeout.
            onEnd.handle(End.COMPLETED);
            return false;
        }
        if (!agent.closed()) {
            if (framing == McpResponse.Framing.EVENTS && betweenEvents()) {
                agent.write(Buffer.buffer("event: message\ndata: ").appendBuffer(finalEvent).appendString("\n\n"));
            }
            observation.end();
        }
        return true;
    }

    /** The body cannot be read while it must be: the request's answer becomes an error, a stream ends. */
    private void unreadable(String why) {
        done = true;
        abort.run();
        String message = rewrite == null ? "response could not be read" : rewrite.unfilterableMessage();
        if (framing == McpResponse.Framing.WHOLE) {
            if (!agent.closed()) {
                ErrorResponses.send(observation, requestId, AccessErrors.unfilterable(message));
            }
        } else if (requestId != null && !observation.answered() && !agent.closed()) {
            GatewayError error = AccessErrors.unfilterable(message);
            observation.gatewayError(error);
            finishWith(separated(render(null, ErrorResponses.body(requestId, error))));
        } else if (!agent.closed()) {
            observation.end();
        }
        LOG.debugf("answer from proxy %s could not be read: %s", context.proxy().id(), why);
        onEnd.handle(End.COMPLETED);
    }

    /** The answer has an unexpected shape: the agent gets the gateway's -32603 error in its place. */
    private void unfilterable(SseFields fields, String message) {
        GatewayError error = AccessErrors.unfilterable(message);
        if (framing == McpResponse.Framing.WHOLE) {
            ErrorResponses.send(observation, requestId, error);
            return;
        }
        observation.gatewayError(error);
        finishWith(render(fields, ErrorResponses.body(requestId, error)));
    }

    /** A frame carrying {@code json} in the body's framing, with the replaced event's name and id. */
    private Buffer render(SseFields fields, Buffer json) {
        if (framing == McpResponse.Framing.WHOLE) {
            return json;
        }
        if (framing == McpResponse.Framing.LINES) {
            return json.appendString("\n");
        }
        Buffer out = Buffer.buffer(json.length() + 64);
        if (fields != null && fields.event() != null && !fields.event().isEmpty()) {
            out.appendString("event: ").appendString(fields.event()).appendString("\n");
        } else if (fields == null) {
            out.appendString("event: message\n");
        }
        if (fields != null && fields.id() != null) {
            out.appendString("id: ").appendString(fields.id()).appendString("\n");
        }
        return out.appendString("data: ").appendBuffer(json).appendString("\n\n");
    }

    /** A frame preceded by a blank line when the stream stands inside a frame, which the agent then drops. */
    private Buffer separated(Buffer frame) {
        return betweenEvents() ? frame : Buffer.buffer().appendBuffer(BLANK_LINE).appendBuffer(frame);
    }

    /**
     * Ends the agent's response with {@code last}; the request's record goes first. The relay itself ends when the
     * upstream's body does (what comes after the answer is dropped), which reports its {@link End}.
     */
    private void finishWith(Buffer last) {
        if (agent.closed()) {
            return;
        }
        if (framing == McpResponse.Framing.EVENTS && !endsBetweenEvents(last)) {
            // The upstream ended its last event without the blank line: an agent drops an event left open at the
            // end of the stream, so it is closed for it.
            last = Buffer.buffer().appendBuffer(last).appendBuffer(BLANK_LINE);
        }
        observation.end(last);
    }

    /** An SSE answer to a request whose answer has not been sent yet, while the agent still waits for it. */
    private boolean awaitingAnswer() {
        return framing == McpResponse.Framing.EVENTS && requestId != null && !observation.answered()
                && !agent.closed();
    }

    /** Ends the agent's stream with a -32004 {@code upstream_closed} event for the request, recorded first. */
    private void answerUpstreamClosed() {
        GatewayError error = GatewayErrors.upstreamClosed();
        observation.gatewayErrorInStream(error);
        observation.end(separated(render(null, ErrorResponses.body(requestId, error))));
    }

    /** Whole frames are written, except those too long to hold: only then does the stream stand inside one. */
    private boolean betweenEvents() {
        return framer == null || !framer.insideLongFrame();
    }

    private void write(Buffer bytes) {
        if (!observation.answered() && !agent.closed() && bytes.length() > 0) {
            agent.write(bytes);
            if (upstream != null) {
                Backpressure.after(upstream, observation);
            }
        }
    }

    private static Framer.Mode mode(McpResponse.Framing framing) {
        return switch (framing) {
            case EVENTS -> Framer.Mode.EVENTS;
            case LINES -> Framer.Mode.LINES;
            case WHOLE -> Framer.Mode.WHOLE;
        };
    }

    /** True when the frame ends with a blank line (an SSE event ends there), in any of the three line endings. */
    static boolean endsBetweenEvents(Buffer frame) {
        int n = frame.length();
        if (n < 2) {
            return false;
        }
        byte last = frame.getByte(n - 1);
        byte before = frame.getByte(n - 2);
        if (last == '\n' && before == '\r') {
            if (n < 3) {
                return false;
            }
            byte third = frame.getByte(n - 3);
            return third == '\n' || third == '\r';
        }
        return (last == '\n' || last == '\r') && (before == '\n' || last == '\r' && before == '\r');
    }

    private static boolean isBlank(Buffer frame) {
        for (int i = 0; i < frame.length(); i++) {
            byte b = frame.getByte(i);
            if (b != ' ' && b != '\t' && b != '\r' && b != '\n') {
                return false;
            }
        }
        return true;
    }
}
