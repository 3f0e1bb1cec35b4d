package dev.portcullis.gateway.virtual;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.portcullis.gateway.error.GatewayErrors;
import dev.portcullis.gateway.filter.FilterChain;
import dev.portcullis.gateway.filter.FilterContext;
import dev.portcullis.gateway.filter.McpResponse;
import dev.portcullis.gateway.observe.ErrorResponses;
import dev.portcullis.gateway.observe.RequestObservation;
import dev.portcullis.gateway.proxy.ResponseRelay;
import dev.portcullis.model.json.Json;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import java.util.Map;

/**
 * Answers a virtual server makes itself (a merged list, the union of capabilities, {@code ping}, an accepted
 * notification): they go back through the virtual server's steps like an upstream's answer, so the consumer's
 * discovery filtering, session sealing and the record apply to them.
 */
final class LocalAnswers {

    private LocalAnswers() {
    }

    /** A JSON-RPC result for the agent's request, with extra response headers. */
    static void result(FilterContext context, JsonNode result, Map<String, String> headers) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("jsonrpc", "2.0");
        body.set("id", context.route().id());
        if (context.route().revision().stateless() && result instanceof ObjectNode object
                && !object.has("resultType")) {
            object.put("resultType", "complete"); // 2026-07-28 results say whether they are complete
        }
        body.set("result", result);
        MultiMap head = MultiMap.caseInsensitiveMultiMap().set("Content-Type", "application/json");
        headers.forEach(head::set);
        send(context, new McpResponse(200, head), Buffer.buffer(Json.write(body)));
    }

    /** An answer without a body ({@code 202 Accepted} for a notification, the outcome of a DELETE). */
    static void empty(FilterContext context, int status) {
        RequestObservation observation = context.observation();
        McpResponse head = new McpResponse(status, MultiMap.caseInsensitiveMultiMap().set("Content-Length", "0"));
        if (!FilterChain.onResponse(head, context)) {
            ErrorResponses.send(observation, context.replyId(), GatewayErrors.internalError());
            return;
        }
        HttpServerResponse response = observation.request().response().setStatusCode(head.status());
        response.headers().setAll(head.headers());
        observation.end();
    }

    private static void send(FilterContext context, McpResponse head, Buffer body) {
        RequestObservation observation = context.observation();
        if (!FilterChain.onResponse(head, context)) {
            ErrorResponses.send(observation, context.replyId(), GatewayErrors.internalError());
            return;
        }
        HttpServerResponse response = observation.request().response().setStatusCode(head.status());
        response.headers().setAll(head.headers());
        ResponseRelay.answerLocally(observation, context, head, body);
    }
}
