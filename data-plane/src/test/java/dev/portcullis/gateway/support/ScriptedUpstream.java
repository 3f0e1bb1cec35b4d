package dev.portcullis.gateway.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.portcullis.model.json.Json;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * An MCP server whose answers a test writes, by method: each handler turns the request into its {@code result}
 * (null for a -32601 error). Speaks JSON answers only; {@code initialize} hands out the session id
 * {@value #SESSION}. Records every request (headers and body), so a test sees what reached it.
 */
public final class ScriptedUpstream implements AutoCloseable {

    public static final String SESSION = "scripted-session";

    /** One request as the upstream received it. */
    public record Received(MultiMap headers, JsonNode body) {
        public String method() {
            return body.path("method").asText(null);
        }
    }

    private final HttpServer server;
    private final Queue<Received> received = new ConcurrentLinkedQueue<>();
    private final Map<String, Function<JsonNode, Object>> handlers;

    private ScriptedUpstream(Vertx vertx, Map<String, Function<JsonNode, Object>> handlers) throws Exception {
        this.handlers = handlers;
        this.server = vertx.createHttpServer().requestHandler(request -> request.body().onSuccess(body -> {
            JsonNode json;
            try {
                json = Json.mapper().readTree(body.getBytes());
            } catch (Exception e) {
                request.response().setStatusCode(400).end();
                return;
            }
            received.add(new Received(MultiMap.caseInsensitiveMultiMap().addAll(request.headers()),
                    json == null ? JsonNodeFactory.instance.objectNode() : json));
            answer(json, request.response());
        })).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    /** @param handlers method to the result it answers (a Map, a JsonNode, anything Jackson writes) */
    public static ScriptedUpstream start(Vertx vertx, Map<String, Function<JsonNode, Object>> handlers)
            throws Exception {
        return new ScriptedUpstream(vertx, handlers);
    }

    public String url() {
        return "http://127.0.0.1:" + server.actualPort() + "/mcp";
    }

    public List<Received> received() {
        return new ArrayList<>(received);
    }

    public List<Received> received(String method) {
        return received.stream().filter(request -> method.equals(request.method())).toList();
    }

    public void clear() {
        received.clear();
    }

    private void answer(JsonNode request, HttpServerResponse response) {
        JsonNode id = request == null ? null : request.get("id");
        if (id == null) {
            response.setStatusCode(202).end(); // a notification or a client's answer
            return;
        }
        String method = request.path("method").asText("");
        Function<JsonNode, Object> handler = handlers.get(method);
        Object result = handler == null ? null : handler.apply(request);
        ObjectNode answer = JsonNodeFactory.instance.objectNode().put("jsonrpc", "2.0");
        answer.set("id", id);
        if (result == null) {
            answer.putObject("error").put("code", -32601).put("message", "Method not found");
        } else {
            answer.set("result", Json.mapper().valueToTree(result));
        }
        if ("initialize".equals(method)) {
            response.putHeader("Mcp-Session-Id", SESSION);
        }
        response.putHeader("Content-Type", "application/json").end(Buffer.buffer(Json.write(answer)));
    }

    @Override
    public void close() throws Exception {
        server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
