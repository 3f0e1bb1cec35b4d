package dev.portcullis.gateway.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.portcullis.model.json.Json;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

/**
 * A 2026-07-28 MCP server that dispatches on the mirrored headers, as the transport lets routers and servers do:
 * it "executes" the tool named by {@code Mcp-Name} for whatever {@code Mcp-Method} says, and records every request
 * it received (headers, as a multimap, and body). {@code server/discover} answers with the capabilities and lists
 * given at start, {@code tools/list} with the tools given at start (none by default); {@code resources/subscribe} and the other methods it does not know are 404, -32601.
 */
public final class HeaderDispatchingUpstream implements AutoCloseable {

    /** One request as the upstream received it. */
    public record Received(MultiMap headers, JsonNode body) {
    }

    private final HttpServer server;
    private final Queue<Received> received = new ConcurrentLinkedQueue<>();
    private final ObjectNode discover;
    private final JsonNode tools;

    private HeaderDispatchingUpstream(Vertx vertx, ObjectNode discover, JsonNode tools) throws Exception {
        this.discover = discover;
        this.tools = tools;
        this.server = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0))
                .requestHandler(request -> request.body().onSuccess(body -> {
                    MultiMap headers = MultiMap.caseInsensitiveMultiMap().addAll(request.headers());
                    JsonNode json;
                    try {
                        json = Json.mapper().readTree(body.getBytes());
                    } catch (Exception e) {
                        request.response().setStatusCode(400).end();
                        return;
                    }
                    received.add(new Received(headers, json));
                    answer(headers, json, request.response());
                }))
                .listen().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    /** @param discover the {@code server/discover} result to answer with */
    public static HeaderDispatchingUpstream start(Vertx vertx, String discover) throws Exception {
        return start(vertx, discover, "[]");
    }

    /** @param tools the {@code tools} array of its {@code tools/list} answers */
    public static HeaderDispatchingUpstream start(Vertx vertx, String discover, String tools) throws Exception {
        return new HeaderDispatchingUpstream(vertx, (ObjectNode) Json.mapper().readTree(discover),
                Json.mapper().readTree(tools));
    }

    public String url() {
        return "http://127.0.0.1:" + server.actualPort() + "/mcp";
    }

    public List<Received> received() {
        return new ArrayList<>(received);
    }

    /** The tools this upstream ran, by the name in {@code Mcp-Name}. */
    public List<String> executed() {
        return received.stream().filter(r -> "tools/call".equals(r.headers().get("Mcp-Method")))
                .map(r -> r.headers().get("Mcp-Name")).toList();
    }

    public void clear() {
        received.clear();
    }

    private void answer(MultiMap headers, JsonNode body, io.vertx.core.http.HttpServerResponse response) {
        String method = headers.get("Mcp-Method");
        Object result = switch (method == null ? "" : method) {
            case "tools/call" -> Map.of("resultType", "complete", "content",
                    List.of(Map.of("type", "text", "text", "ran " + headers.get("Mcp-Name"))));
            case "server/discover" -> discover;
            case "tools/list" -> Map.of("resultType", "complete", "tools", tools, "ttlMs", 0,
                    "cacheScope", "private");
            default -> null;
        };
        Map<String, Object> answer = new java.util.LinkedHashMap<>();
        answer.put("jsonrpc", "2.0");
        answer.put("id", body.get("id"));
        if (result == null) {
            response.setStatusCode(404);
            answer.put("error", Map.of("code", -32601, "message", "Method not found"));
        } else {
            answer.put("result", result);
        }
        response.putHeader("Content-Type", "application/json").end(io.vertx.core.buffer.Buffer.buffer(Json.write(answer)));
    }

    @Override
    public void close() throws Exception {
        server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
