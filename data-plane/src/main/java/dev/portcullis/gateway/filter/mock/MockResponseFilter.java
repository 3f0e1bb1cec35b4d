package dev.portcullis.gateway.filter.mock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.portcullis.gateway.filter.FilterContext;
import dev.portcullis.gateway.filter.FilterResult;
import dev.portcullis.gateway.filter.McpExchange;
import dev.portcullis.gateway.filter.McpFilter;
import dev.portcullis.gateway.request.MessageKind;
import dev.portcullis.model.json.Json;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import java.util.Map;

/**
 * Answers a request whose primitive or operation has a {@code mockResponse} with
 * {@code {"jsonrpc":"2.0","id":<id>,"result":<mockResponse>}}, 200, without calling upstream. Runs after
 * authentication, authorisation, rate limits and header transforms, and before the circuit breaker (a mock needs
 * no upstream). The answer goes back through the steps that ran like an upstream's: the response header
 * transforms, discovery filtering (a mocked list is filtered per caller), rate-limit and CORS headers apply.
 */
public final class MockResponseFilter implements McpFilter {


    @Override
    public boolean appliesTo(FilterContext context) {
        return context.settings().mockResponse() != null && context.route().kind() == MessageKind.REQUEST;
    }

    @Override
    public Future<FilterResult> onRequest(McpExchange exchange, FilterContext context) {
        ObjectNode answer = Json.mapper().createObjectNode();
        answer.put("jsonrpc", "2.0");
        JsonNode id = context.route().id();
        answer.set("id", id);
        answer.set("result", context.settings().mockResponse());
        return Future.succeededFuture(new FilterResult.Respond(200, Map.of("Content-Type", "application/json"),
                Buffer.buffer(Json.write(answer))));
    }
}
