package dev.portcullis.mock.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.portcullis.mock.rpc.Json;
import io.vertx.core.http.HttpServerResponse;

/** Plain (non-streamed) HTTP answers. Every error body is a JSON-RPC error; nothing internal leaks into it. */
final class HttpReplies {

    static final String SESSION_HEADER = "Mcp-Session-Id";

    private HttpReplies() {
    }

    static void json(HttpServerResponse response, int status, ObjectNode body) {
        if (response.ended() || response.closed()) {
            return;
        }
        response.setStatusCode(status)
                .putHeader("Content-Type", "application/json")
                .end(Json.write(body));
    }

    static void rpcError(HttpServerResponse response, int status, JsonNode id, int code, String message) {
        json(response, status, Json.error(validIdOrNull(id), code, message));
    }

    static void empty(HttpServerResponse response, int status) {
        if (!response.ended() && !response.closed()) {
            response.setStatusCode(status).end();
        }
    }

    /** The id to echo in an error: the request's id when it is a valid JSON-RPC id, otherwise null. */
    static JsonNode validIdOrNull(JsonNode id) {
        return id != null && (id.isTextual() || id.isIntegralNumber()) ? id : null;
    }
}
