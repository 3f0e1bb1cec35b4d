package dev.portcullis.mock.http;

import static dev.portcullis.mock.http.HttpReplies.SESSION_HEADER;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.portcullis.mock.MockMcpOptions.SseMode;
import dev.portcullis.mock.rpc.CallContext;
import dev.portcullis.mock.rpc.ErrorCodes;
import dev.portcullis.mock.rpc.Json;
import dev.portcullis.mock.rpc.McpMethods;
import dev.portcullis.mock.rpc.RpcOutcome;
import dev.portcullis.mock.session.Cancellation;
import dev.portcullis.mock.session.Session;
import dev.portcullis.mock.tools.Tool;
import dev.portcullis.mock.tools.ToolCatalog;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Answers one JSON-RPC request of a session: as {@code application/json}, or as an SSE stream (progress events,
 * then the response, then the end) for streaming tools or in SSE-always mode when the client accepts it.
 */
final class RequestResponder {

    private static final Logger LOG = Logger.getLogger(RequestResponder.class.getName());

    private final Vertx vertx;
    private final SseMode sseMode;
    private final McpMethods methods;
    private final ToolCatalog tools;

    RequestResponder(Vertx vertx, SseMode sseMode, McpMethods methods, ToolCatalog tools) {
        this.vertx = vertx;
        this.sseMode = sseMode;
        this.methods = methods;
        this.tools = tools;
    }

    void respond(HttpServerRequest request, Session session, IncomingMessage msg) {
        HttpServerResponse response = request.response();
        if (msg.paramsInvalid()) {
            HttpReplies.rpcError(response, 200, msg.id(), ErrorCodes.INVALID_PARAMS,
                    "Invalid params: 'params' must be an object");
            return;
        }
        AcceptHeader accept = AcceptHeader.parse(request.getHeader("Accept"));
        if (!accept.acceptsAny()) {
            notAcceptable(request, msg.id());
            return;
        }
        SseStream sse = useStream(accept, wantsStream(msg))
                ? SseStream.open(response.putHeader(SESSION_HEADER, session.id()))
                : null;
        Consumer<ObjectNode> sink = sse == null ? message -> { } : sse::send;
        Cancellation cancellation = new Cancellation();
        session.track(msg.id(), cancellation);
        Runnable clientGone = () -> {
            session.untrack(msg.id());
            cancellation.cancel();
        };
        if (sse != null) {
            sse.onClose(clientGone);
        } else {
            response.closeHandler(ignored -> clientGone.run());
        }
        CallContext context = new CallContext(session, headers(request), msg.id(), progressToken(msg.params()),
                sink, vertx, cancellation);
        dispatch(msg, context).onComplete(done -> {
            session.untrack(msg.id());
            if (done.failed() && ToolCatalog.isCancellation(done.cause())) {
                // A cancelled request gets no response (MCP cancellation): end the stream or drop the connection.
                if (sse != null) {
                    sse.end();
                } else if (!response.ended()) {
                    request.connection().close();
                }
                return;
            }
            ObjectNode reply = Json.response(msg.id(), done.succeeded() ? done.result() : internalError(msg, done.cause()));
            if (sse != null) {
                sse.send(reply);
                sse.end();
            } else {
                HttpReplies.json(response, 200, reply);
            }
        });
    }

    /** SSE when wanted and acceptable, or when SSE is all the client accepts. */
    static boolean useStream(AcceptHeader accept, boolean wanted) {
        return accept.eventStream() && (wanted || !accept.json());
    }

    static void notAcceptable(HttpServerRequest request, JsonNode id) {
        HttpReplies.rpcError(request.response(), 406, id, ErrorCodes.INVALID_REQUEST,
                "Not Acceptable: Accept must allow application/json or text/event-stream");
    }

    private Future<RpcOutcome> dispatch(IncomingMessage msg, CallContext context) {
        try {
            return methods.dispatch(msg.method(), msg.params(), context);
        } catch (RuntimeException e) {
            return Future.failedFuture(e);
        }
    }

    private static RpcOutcome internalError(IncomingMessage msg, Throwable cause) {
        LOG.log(Level.WARNING, "request " + msg.method() + " failed", cause);
        return new RpcOutcome.Failure(ErrorCodes.INTERNAL_ERROR, "Internal error");
    }

    /** Streaming is wanted for streaming tools, or for everything in SSE-always mode. */
    private boolean wantsStream(IncomingMessage msg) {
        if (sseMode == SseMode.ALWAYS) {
            return true;
        }
        if (!msg.method().equals("tools/call") || msg.params() == null) {
            return false;
        }
        JsonNode name = msg.params().get("name");
        return name != null && name.isTextual() && tools.find(name.asText()).map(Tool::streaming).orElse(false);
    }

    private static JsonNode progressToken(ObjectNode params) {
        if (params == null || !(params.get("_meta") instanceof ObjectNode meta)) {
            return null;
        }
        JsonNode token = meta.get("progressToken");
        return token != null && (token.isTextual() || token.isIntegralNumber()) ? token : null;
    }

    /** Request headers with lowercased names; a repeated header's values joined with ", ". */
    private static Map<String, String> headers(HttpServerRequest request) {
        Map<String, String> headers = new TreeMap<>();
        request.headers().forEach(entry -> headers.merge(entry.getKey().toLowerCase(Locale.ROOT), entry.getValue(),
                (first, second) -> first + ", " + second));
        return headers;
    }
}
