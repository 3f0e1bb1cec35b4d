package dev.portcullis.gateway.support;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.RequestOptions;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A plain HTTP relay in front of an upstream that records what reaches it, so a test can tell what the gateway
 * let through: each request's method and {@code Mcp-Session-Id}, and each session id the upstream handed out.
 */
public final class RecordingRelay implements AutoCloseable {

    /** One request as the upstream received it. */
    public record Seen(String method, String sessionId, String body) {
    }

    private final HttpServer server;
    private final HttpClient client;
    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private final List<String> handedOut = new CopyOnWriteArrayList<>();

    private RecordingRelay(Vertx vertx, int upstreamPort) throws Exception {
        this.client = vertx.createHttpClient();
        this.server = vertx.createHttpServer().requestHandler(request -> request.body().onSuccess(body -> {
            seen.add(new Seen(request.method().name(), request.getHeader("Mcp-Session-Id"), body.toString()));
            var headers = io.vertx.core.MultiMap.caseInsensitiveMultiMap().addAll(request.headers());
            headers.remove("Host");
            client.request(new RequestOptions().setMethod(request.method()).setHost("127.0.0.1")
                            .setPort(upstreamPort).setURI(request.uri()).setHeaders(headers))
                    .compose(upstream -> upstream.send(body))
                    .onSuccess(response -> {
                        String session = response.getHeader("Mcp-Session-Id");
                        if (session != null) {
                            handedOut.add(session);
                        }
                        var agent = request.response().setStatusCode(response.statusCode());
                        response.headers().forEach((name, value) -> {
                            if (!name.equalsIgnoreCase("content-length")
                                    && !name.equalsIgnoreCase("transfer-encoding")) {
                                agent.headers().add(name, value);
                            }
                        });
                        agent.setChunked(true);
                        response.pipeTo(agent);
                    })
                    .onFailure(failure -> request.response().setStatusCode(502).end());
        })).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    public static RecordingRelay start(Vertx vertx, int upstreamPort) throws Exception {
        return new RecordingRelay(vertx, upstreamPort);
    }

    public String url() {
        return "http://127.0.0.1:" + server.actualPort();
    }

    /** Every request that reached the upstream so far. */
    public List<Seen> seen() {
        return List.copyOf(seen);
    }

    /** Every {@code Mcp-Session-Id} the upstream answered with, in order. */
    public List<String> handedOut() {
        return List.copyOf(handedOut);
    }

    @Override
    public void close() throws Exception {
        server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        client.close();
    }
}
