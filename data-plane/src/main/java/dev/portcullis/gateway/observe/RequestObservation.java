package dev.portcullis.gateway.observe;

import dev.portcullis.gateway.error.GatewayError;
import dev.portcullis.gateway.runtime.ConsumerIdentity;
import dev.portcullis.gateway.request.McpRoute;
import dev.portcullis.gateway.request.PrimitiveType;
import dev.portcullis.gateway.request.Tracking;
import dev.portcullis.gateway.runtime.CompiledProxy;
import dev.portcullis.model.analytics.AnalyticsRecord;
import dev.portcullis.model.analytics.RecordBounds;
import dev.portcullis.model.jsonrpc.JsonRpcMessage;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.jboss.logging.Logger;

/**
 * What the gateway learns about one agent request as it goes, turned into one {@link AnalyticsRecord} when the
 * response ends or the agent goes away, and handed to the {@link RequestObservers}. Created first thing for every
 * agent request, including those refused before a listen path matched.
 *
 * <p>The gateway ends every agent response through {@link #end(Buffer)}: the record is made and handed to the
 * observers first, and the response's last bytes wait for what an observer asked them to wait for (analytics: until
 * Redis has the record, bounded), so an agent that has its answer knows its request is on record even if the
 * gateway is killed the next instant. A response ended any other way is still observed, just after its end.
 *
 * <p>Event-loop confined. Owns the agent response's end and close handlers: code that must learn that the agent
 * went away registers with {@link #onAgentGone} instead of replacing the response's close handler.
 */
public final class RequestObservation {

    private static final Logger LOG = Logger.getLogger(RequestObservation.class);
    private static final String SESSION_HEADER = "Mcp-Session-Id";

    private final HttpServerRequest request;
    private final RequestObservers observers;
    private final String gatewayId;
    private final long startNanos;
    private final long startEpochMillis;
    private CompiledProxy proxy;
    private McpRoute route;
    private JsonRpcMessage message;
    private RequestFacts context;
    private GatewayError gatewayError;
    private boolean errorInStream;
    private List<String> upstreamHeaderNames = List.of();
    private long upstreamStartNanos = -1;
    private String upstreamTarget;
    private TraceScope trace;
    private Integer upstreamErrorCode;
    private boolean toolError;
    private boolean truncated;
    private Runnable agentGone;
    private boolean completed;
    private boolean answering;
    private Future<Void> hold;
    private String member;
    private String legOf;

    private RequestObservation(HttpServerRequest request, RequestObservers observers, String gatewayId,
                               long startNanos) {
        this.request = request;
        this.observers = observers;
        this.gatewayId = gatewayId;
        this.startNanos = startNanos;
        this.startEpochMillis = System.currentTimeMillis();
    }

    /** Starts observing {@code request}; call before anything is written to its response. */
    public static RequestObservation begin(HttpServerRequest request, RequestObservers observers, String gatewayId,
                                           long startNanos) {
        RequestObservation observation = new RequestObservation(request, observers, gatewayId, startNanos);
        HttpServerResponse response = request.response();
        response.endHandler(ended -> observation.complete());
        response.closeHandler(closed -> {
            Runnable gone = observation.agentGone;
            if (gone != null) {
                gone.run();
            }
            observation.complete();
        });
        return observation;
    }

    public HttpServerRequest request() {
        return request;
    }

    public long startNanos() {
        return startNanos;
    }

    /** The matched proxy, or null while none matched (and for requests no listen path matched). */
    public CompiledProxy proxy() {
        return proxy;
    }

    public void proxy(CompiledProxy matched) {
        this.proxy = matched;
    }

    /** The parsed route, or null before parsing (and for requests refused before it). */
    public McpRoute route() {
        return route;
    }

    /** The parsed JSON-RPC message, or null (GET, DELETE, refused before parsing). */
    public JsonRpcMessage message() {
        return message;
    }

    /** Parsing is done: tells the observers (tracing starts its span here). */
    public void routed(McpRoute parsed, JsonRpcMessage parsedMessage) {
        this.route = Objects.requireNonNull(parsed, "parsed");
        this.message = parsedMessage;
        observers.routed(this);
    }

    /**
     * Routing refused the message for a method or primitive name beyond its bound: {@code bounded} is its route
     * with those strings cut, recorded with the truncated flag. Tells the observers like {@link #routed}.
     */
    public void refusedAtRouting(McpRoute bounded) {
        this.truncated = true;
        routed(bounded, null);
    }

    /** What the filter chain learns, once it starts: where the consumer and the route's tracking flag are read. */
    public void facts(RequestFacts facts) {
        this.context = facts;
    }

    /** The authenticated consumer, or null. */
    public ConsumerIdentity consumer() {
        return context == null ? null : context.consumer();
    }

    /** The gateway answered with this error (the last one wins: a stream cut by a timeout records the timeout). */
    public void gatewayError(GatewayError error) {
        this.gatewayError = error;
        this.errorInStream = false;
    }

    /**
     * The gateway answered with {@code error} inside a response whose status the upstream set (an SSE event after
     * the upstream died mid-stream): the record's status is the error's, not the 200 the agent's stream started with.
     */
    public void gatewayErrorInStream(GatewayError error) {
        this.gatewayError = error;
        this.errorInStream = true;
    }

    public GatewayError gatewayError() {
        return gatewayError;
    }

    /** The upstream's request {@code method} on this request's stream was denied and never reached the agent. */
    public void serverRequestDenied(String method) {
        observers.serverRequestDenied(this, method);
    }

    /** The upstream instance the request went to, as metrics and the access log name it (config-bounded). */
    public void upstreamTarget(String label) {
        this.upstreamTarget = label;
    }

    /** Null when the request never went upstream. */
    public String upstreamTarget() {
        return upstreamTarget;
    }

    /** The request goes upstream now with these headers; observers may add to them (trace context). */
    public void forwarding(MultiMap upstreamHeaders) {
        this.upstreamStartNanos = System.nanoTime();
        observers.forwarding(this, upstreamHeaders);
    }

    /**
     * What the upstream answered to the request, when the relay saw it: a JSON-RPC error code, or a tool result
     * with {@code isError: true}.
     */
    public void upstreamAnswer(Integer errorCode, boolean isToolError) {
        this.upstreamErrorCode = errorCode;
        this.toolError = isToolError;
    }

    /**
     * The upstream's status line and these headers were copied onto the agent's response. Should the gateway answer
     * with its own error instead, before the head is written, {@link #dropUpstreamHead} takes them off again.
     * The list is kept, not copied: the caller hands over a list of its own and does not change it afterwards.
     */
    public void upstreamHeadCopied(List<String> headerNames) {
        this.upstreamHeaderNames = headerNames;
    }

    /**
     * Takes the upstream's reason phrase and headers off the agent's response (headers the gateway added, such as
     * {@code RateLimit-*}, stay), so a gateway error carries the gateway's own head. No-op once the head is written.
     */
    public void dropUpstreamHead() {
        HttpServerResponse response = request.response();
        if (response.headWritten() || upstreamHeaderNames.isEmpty()) {
            return;
        }
        upstreamHeaderNames.forEach(response.headers()::remove);
        upstreamHeaderNames = List.of();
        response.setChunked(false);
    }

    /** The tracer's handle on this request, or null when not traced. */
    public TraceScope trace() {
        return trace;
    }

    public void trace(TraceScope scope) {
        this.trace = scope;
    }

    /** Runs {@code action} if the agent goes away before the response ended. One action; a later one replaces it. */
    public void onAgentGone(Runnable action) {
        this.agentGone = action;
    }

    /** On a virtual server, the member proxy that served the request (recorded as {@code member}). */
    public void member(String memberId) {
        this.member = memberId;
    }

    /**
     * This request is a member leg of virtual server {@code virtualServer}: the access log and metrics see it,
     * marked with the virtual server; analytics do not (the virtual server's request has the record).
     */
    public void legOf(String virtualServer) {
        this.legOf = virtualServer;
    }

    /** The virtual server this request is a member leg of; null for an agent's own request. */
    public String legOf() {
        return legOf;
    }

    /** Whether analytics and the access log take this request (metrics count every request). */
    public boolean tracked() {
        Tracking tracking = context == null ? Tracking.DEFAULT : context.tracking();
        return switch (tracking) {
            case TRACK -> true;
            case DO_NOT_TRACK -> false;
            case DEFAULT -> proxy == null || proxy.definition().global().trafficLogs();
        };
    }

    /** Ends the agent's response (see {@link #end(Buffer)}). */
    public Future<Void> end() {
        return end(null);
    }

    /**
     * Ends the agent's response with {@code last} (or nothing): completes the observation, then writes the last
     * bytes once every hold an observer placed is released. Calls after the first are no-ops, so every path that
     * might end the response can call it.
     *
     * @return completes when the response has ended (or at once when it already had)
     */
    public Future<Void> end(Buffer last) {
        HttpServerResponse response = request.response();
        if (answering || response.ended()) {
            return Future.succeededFuture();
        }
        answering = true;
        try {
            complete(last == null ? 0 : last.length());
        } catch (RuntimeException e) {
            // Observing never changes what the agent gets: the response still ends.
            LOG.errorf("recording a request failed: %s", e.toString());
        }
        Future<Void> held = hold;
        hold = null;
        if (held == null) {
            return endNow(response, last);
        }
        return held.transform(released -> endNow(response, last));
    }

    /** True once the response is ending: {@link #end(Buffer)} was called (its bytes may still be held) or it ended. */
    public boolean answered() {
        return answering || request.response().ended();
    }

    /**
     * Called by an observer while the request completes: the response's last bytes wait until {@code released}
     * completes (whatever its outcome). The observer bounds the wait. Ignored when the agent went away first.
     */
    public void holdAnswerUntil(Future<Void> released) {
        if (released == null || !answering) {
            return;
        }
        hold = hold == null ? released : Future.join(hold, released).mapEmpty();
    }

    private static Future<Void> endNow(HttpServerResponse response, Buffer last) {
        if (response.ended() || response.closed()) {
            return Future.succeededFuture();
        }
        return last == null ? response.end() : response.end(last);
    }

    private void complete() {
        complete(0);
    }

    private void complete(int lastBytes) {
        if (completed) {
            return;
        }
        completed = true;
        observers.completed(this, new CompletedRequest(record(lastBytes), tracked(), legOf));
    }

    /** The record of this request, every client-controlled string cut to its {@link RecordBounds bound}. */
    private AnalyticsRecord record(int lastBytes) {
        long now = System.nanoTime();
        HttpServerResponse response = request.response();
        int status = errorInStream ? gatewayError.httpStatus()
                : answering || response.headWritten() ? response.getStatusCode() : 499;
        ConsumerIdentity consumer = consumer();
        McpRoute parsed = route;
        boolean primitive = parsed != null && parsed.primitiveType() != PrimitiveType.NONE;
        BoundedStrings strings = new BoundedStrings(truncated);
        return new AnalyticsRecord(
                randomId(),
                Instant.ofEpochMilli(startEpochMillis),
                gatewayId,
                proxy == null ? null : proxy.id(),
                strings.cut(request.method().name(), RecordBounds.HTTP_METHOD),
                strings.cut(request.path() == null ? "" : request.path(), RecordBounds.PATH),
                status,
                (now - startNanos) / 1_000,
                upstreamStartNanos < 0 ? null : (now - upstreamStartNanos) / 1_000,
                request.bytesRead(),
                response.bytesWritten() + lastBytes,
                consumer == null ? null : consumer.kind().name().toLowerCase(Locale.ROOT),
                consumer == null ? null : strings.cut(consumer.id(), RecordBounds.KEY_ID),
                consumer == null ? null : strings.cut(consumer.alias(), RecordBounds.ALIAS),
                parsed == null ? null : strings.cut(parsed.method(), RecordBounds.METHOD),
                primitive ? parsed.primitiveType().label() : null,
                primitive ? strings.cut(parsed.primitiveName(), RecordBounds.PRIMITIVE_NAME) : null,
                gatewayError == null ? null : gatewayError.code(),
                gatewayError == null ? null : gatewayError.reason(),
                sessionIdHash(sessionId(response)),
                trace == null ? null : trace.traceId(),
                upstreamErrorCode,
                toolError,
                strings.truncated(),
                parsed == null ? null : parsed.revision().version(),
                member);
    }

    /** The agent's session id, or the one the upstream's answer gave it; each header map looked up once. */
    private String sessionId(HttpServerResponse response) {
        String sent = request.getHeader(SESSION_HEADER);
        return sent != null ? sent : response.headers().get(SESSION_HEADER);
    }

    /** The record's id: see {@link RecordIds}. */
    private static String randomId() {
        return RecordIds.next(System.currentTimeMillis());
    }

    static String sessionIdHash(String sessionId) {
        if (sessionId == null || sessionId.isEmpty()) {
            return null;
        }
        return SessionIdHashes.of(sessionId);
    }
}
