package dev.portcullis.gateway.filter.mock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.portcullis.gateway.filter.FilterContext;
import dev.portcullis.gateway.filter.FilterResult;
import dev.portcullis.gateway.filter.McpExchange;
import dev.portcullis.gateway.filter.McpFilter;
import dev.portcullis.gateway.request.MessageKind;
import dev.portcullis.gateway.request.HeaderEdits;
import dev.portcullis.model.json.Json;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import java.util.HashMap;
import java.util.Map;

/**
 * Answers a request whose primitive or operation has a {@code mockResponse} with
 * {@code {"jsonrpc":"2.0","id":<id>,"result":<mockResponse>}}, 200, without calling upstream. Runs after
 * authentication, authorisation and rate limits, and before the circuit breaker (a mock needs no upstream). The
 * response header transforms (global, operation, primitive) apply to it as to an upstream answer.
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
        MultiMap headers = MultiMap.caseInsensitiveMultiMap().set("Content-Type", "application/json");
        context.proxy().responseHeaderEdits().applyTo(headers);
        for (HeaderEdits edits : context.settings().responseEdits()) {
            edits.applyTo(headers);
        }
        Map<String, String> flat = new HashMap<>();
        headers.forEach(entry -> flat.put(entry.getKey(), entry.getValue()));
        return Future.succeededFuture(new FilterResult.Respond(200, flat, Buffer.buffer(Json.write(answer))));
    }
}
