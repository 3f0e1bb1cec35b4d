package dev.portcullis.gateway.observe;

import dev.portcullis.gateway.error.GatewayError;

import dev.portcullis.gateway.observe.RequestObservation;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.portcullis.model.json.Json;
import dev.portcullis.model.jsonrpc.JsonRpcError;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;

/**
 * Writes gateway errors as JSON-RPC error bodies ({@code application/json}, the request id when known) with the
 * gateway's own head: the standard reason phrase for the status, and none of the upstream's headers when the error
 * replaces an upstream answer whose head was copied but not yet written. When the
 * agent is still sending a body we will not read (an early 413, 404, 403 ...) over HTTP/1.x, the connection is
 * closed after the answer so the unread bytes cannot be taken for the next request. HTTP/2 streams are independent:
 * there the connection stays open (closing it would fail every other stream with GOAWAY).
 */
public final class ErrorResponses {

    private ErrorResponses() {
    }

    public static Buffer body(JsonNode id, GatewayError error) {
        ObjectNode body = JsonRpcError.body(id, error.code(), error.message(), error.reason(), error.httpStatus());
        if (error.data() != null) {
            ((ObjectNode) body.path("error").path("data")).setAll(error.data().deepCopy());
        }
        return Buffer.buffer(Json.write(body));
    }

    /** Answers with {@code error} and records it on the request's observation (access log, analytics, metrics). */
    public static void send(RequestObservation observation, JsonNode id, GatewayError error) {
        observation.gatewayError(error);
        HttpServerRequest request = observation.request();
        HttpServerResponse response = request.response();
        if (response.headWritten() || observation.answered()) {
            observation.end();
            return;
        }
        boolean unreadBody = request.version() != HttpVersion.HTTP_2 && !request.isEnded() && hasBody(request);
        observation.dropUpstreamHead();
        response.setStatusCode(error.httpStatus());
        response.setStatusMessage(HttpResponseStatus.valueOf(error.httpStatus()).reasonPhrase());
        response.headers().set(HttpHeaders.CONTENT_TYPE, "application/json");
        error.headers().forEach(response.headers()::set);
        if (unreadBody) {
            response.headers().set(HttpHeaders.CONNECTION, HttpHeaders.CLOSE);
        }
        observation.end(body(id, error)).onComplete(done -> {
            if (unreadBody) {
                request.connection().close();
            }
        });
    }

    private static boolean hasBody(HttpServerRequest request) {
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        return request.getHeader(HttpHeaders.TRANSFER_ENCODING) != null || (length != null && !length.equals("0"));
    }
}
