package dev.portcullis.mock.http;

import static dev.portcullis.mock.http.HttpReplies.SESSION_HEADER;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.portcullis.mock.MockMcpOptions;
import dev.portcullis.mock.MockMcpOptions.SseMode;
import dev.portcullis.mock.rpc.ErrorCodes;
import dev.portcullis.mock.rpc.Initialization;
import dev.portcullis.mock.rpc.Json;
import dev.portcullis.mock.rpc.McpMethods;
import dev.portcullis.mock.rpc.ProtocolVersions;
import dev.portcullis.mock.rpc.RpcOutcome;
import dev.portcullis.mock.session.Session;
import dev.portcullis.mock.session.SessionRegistry;
import dev.portcullis.mock.tools.ToolCatalog;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The Streamable HTTP transport: {@code POST/GET/DELETE /mcp} and {@code GET /health}. Runs on the server's
 * event loop; nothing here blocks.
 */
public final class McpEndpoint implements Handler<HttpServerRequest> {

    static final long MAX_BODY_BYTES = 4L * 1024 * 1024;
    static final long MAX_DESCRIPTION_BYTES = 8 * 1024;
    private static final String ADMIN_TOOLS = "/admin/tools/";
    private static final String DESCRIPTION = "/description";

    private final MockMcpOptions options;
    private final SessionRegistry sessions;
    private final SessionGate gate;
    private final RequestResponder responder;
    private final StandaloneStreams streams;
    private final ToolCatalog tools;

    public McpEndpoint(Vertx vertx, MockMcpOptions options, SessionRegistry sessions, McpMethods methods,
                       ToolCatalog tools) {
        this.options = options;
        this.tools = tools;
        this.sessions = sessions;
        this.gate = new SessionGate(sessions);
        this.responder = new RequestResponder(vertx, options.sseMode(), methods, tools);
        this.streams = new StandaloneStreams(vertx, gate, options.heartbeatInterval());
    }

    @Override
    public void handle(HttpServerRequest request) {
        String path = request.path();
        if (path.equals("/health")) {
            health(request);
        } else if (path.startsWith(ADMIN_TOOLS) && path.endsWith(DESCRIPTION)) {
            redescribe(request, path.substring(ADMIN_TOOLS.length(), path.length() - DESCRIPTION.length()));
        } else if (path.equals("/mcp")) {
            if (request.method() == HttpMethod.POST) {
                BodyReader.read(request, MAX_BODY_BYTES, body -> post(request, body));
            } else if (request.method() == HttpMethod.GET) {
                streams.open(request);
            } else if (request.method() == HttpMethod.DELETE) {
                deleteSession(request);
            } else {
                request.response().putHeader("Allow", "GET, POST, DELETE");
                HttpReplies.rpcError(request.response(), 405, null, ErrorCodes.INVALID_REQUEST,
                        "Method not allowed");
            }
        } else {
            HttpReplies.json(request.response(), 404, Json.object().put("error", "not found"));
        }
    }

    /**
     * {@code PUT /admin/tools/<name>/description} with the new description as the plain-text body (at most
     * {@value #MAX_DESCRIPTION_BYTES} bytes): the tool's description changes from the next {@code tools/list} on.
     */
    private void redescribe(HttpServerRequest request, String tool) {
        if (request.method() != HttpMethod.PUT) {
            request.response().putHeader("Allow", "PUT");
            HttpReplies.json(request.response(), 405, Json.object().put("error", "method not allowed"));
            return;
        }
        BodyReader.read(request, MAX_DESCRIPTION_BYTES, body -> {
            String description = body.toString(StandardCharsets.UTF_8).strip();
            HttpServerResponse response = request.response();
            if (description.isEmpty()) {
                HttpReplies.json(response, 400, Json.object().put("error", "the body must hold the description"));
            } else if (!tools.redescribe(tool, description)) {
                HttpReplies.json(response, 404, Json.object().put("error", "no such tool"));
            } else {
                HttpReplies.json(response, 200, Json.object().put("name", tool).put("description", description));
            }
        });
    }

    private static void health(HttpServerRequest request) {
        if (request.method() != HttpMethod.GET && request.method() != HttpMethod.HEAD) {
            request.response().putHeader("Allow", "GET, HEAD");
            HttpReplies.json(request.response(), 405, Json.object().put("error", "method not allowed"));
            return;
        }
        HttpReplies.json(request.response(), 200, Json.object().put("status", "UP"));
    }

    private void post(HttpServerRequest request, Buffer body) {
        HttpServerResponse response = request.response();
        JsonNode json;
        try {
            json = Json.MAPPER.readTree(body.getBytes());
        } catch (IOException e) {
            HttpReplies.rpcError(response, 400, null, ErrorCodes.PARSE_ERROR, "Parse error: body is not JSON");
            return;
        }
        if (json == null || json.isMissingNode()) {
            HttpReplies.rpcError(response, 400, null, ErrorCodes.PARSE_ERROR, "Parse error: empty body");
            return;
        }
        if (json.isArray()) {
            HttpReplies.rpcError(response, 400, null, ErrorCodes.INVALID_REQUEST, "batch requests are not supported");
            return;
        }
        if (!json.isObject()) {
            HttpReplies.rpcError(response, 400, null, ErrorCodes.INVALID_REQUEST,
                    "Invalid Request: a JSON-RPC message is an object");
            return;
        }
        Optional<IncomingMessage> incoming = IncomingMessage.classify((ObjectNode) json);
        if (incoming.isEmpty()) {
            HttpReplies.rpcError(response, 400, json.get("id"), ErrorCodes.INVALID_REQUEST,
                    "Invalid Request: not a JSON-RPC 2.0 request, notification or response");
            return;
        }
        if (!gate.protocolHeaderSupported(request)) {
            return;
        }
        IncomingMessage msg = incoming.get();
        if (msg.kind() == IncomingMessage.Kind.REQUEST && msg.method().equals("initialize")) {
            initialize(request, msg);
            return;
        }
        Optional<Session> session = gate.session(request);
        if (session.isEmpty()) {
            return;
        }
        switch (msg.kind()) {
            case NOTIFICATION -> {
                notification(session.get(), msg);
                HttpReplies.empty(response, 202);
            }
            case RESPONSE -> HttpReplies.empty(response, 202);
            case REQUEST -> responder.respond(request, session.get(), msg);
            default -> throw new IllegalStateException("unknown message kind " + msg.kind());
        }
    }

    private void initialize(HttpServerRequest request, IncomingMessage msg) {
        Optional<String> requested = Initialization.requestedVersion(msg.params());
        if (msg.paramsInvalid() || requested.isEmpty()) {
            HttpReplies.rpcError(request.response(), 200, msg.id(), ErrorCodes.INVALID_PARAMS,
                    "Invalid params: 'protocolVersion' must be a string");
            return;
        }
        AcceptHeader accept = AcceptHeader.parse(request.getHeader("Accept"));
        if (!accept.acceptsAny()) {
            RequestResponder.notAcceptable(request, msg.id());
            return;
        }
        Session session = sessions.create(ProtocolVersions.negotiate(requested.get()));
        request.response().putHeader(SESSION_HEADER, session.id());
        ObjectNode reply = Json.response(msg.id(),
                RpcOutcome.success(Initialization.result(session.protocolVersion())));
        if (RequestResponder.useStream(accept, options.sseMode() == SseMode.ALWAYS)) {
            SseStream stream = SseStream.open(request.response());
            stream.send(reply);
            stream.end();
        } else {
            HttpReplies.json(request.response(), 200, reply);
        }
    }

    private static void notification(Session session, IncomingMessage msg) {
        if (msg.method().equals("notifications/initialized")) {
            session.markInitialized();
        } else if (msg.method().equals("notifications/cancelled") && msg.params() != null) {
            JsonNode requestId = msg.params().get("requestId");
            if (requestId != null) {
                session.cancelRequest(requestId);
            }
        }
    }

    private void deleteSession(HttpServerRequest request) {
        Optional<Session> session = gate.check(request);
        if (session.isEmpty()) {
            return;
        }
        sessions.delete(session.get().id());
        HttpReplies.empty(request.response(), 204);
    }
}
