package dev.portcullis.gateway.support;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.util.concurrent.TimeUnit;

/**
 * An upstream that answers every POST with a fixed, deliberately bad body: the misbehaving MCP server a gateway
 * must survive (a list that is not JSON, duplicate keys, a broken SSE event). Not a stand-in for a real server:
 * the well-behaved paths are tested against the real mock.
 */
public final class BrokenUpstream implements AutoCloseable {

    private final HttpServer server;

    private BrokenUpstream(HttpServer server) {
        this.server = server;
    }

    /** Answers with {@code body} as {@code contentType}, status 200. */
    public static BrokenUpstream start(Vertx vertx, String contentType, String body) throws Exception {
        HttpServer server = vertx.createHttpServer().requestHandler(request -> request.body().onComplete(read ->
                request.response().putHeader("Content-Type", contentType).end(body)))
                .listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        return new BrokenUpstream(server);
    }

    public String url() {
        return "http://127.0.0.1:" + server.actualPort();
    }

    @Override
    public void close() throws Exception {
        server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
