package dev.portcullis.gateway.support;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portcullis.model.json.Json;
import dev.portcullis.model.snapshot.SignedSnapshot;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A tiny control-plane feed for tests (ADR 0001 protocol): serves the current signed snapshot on
 * {@code /feed/v1/snapshot} and {@code /feed/v1/stream} (pushing each newly published one), and records reports.
 */
public final class TestFeed implements AutoCloseable {

    public static final String TOKEN = "gateway-test-token";

    private final Vertx vertx;
    private final HttpServer server;
    private final List<HttpServerResponse> streams = new CopyOnWriteArrayList<>();
    private final List<JsonNode> reports = new CopyOnWriteArrayList<>();
    private final List<String> queries = new CopyOnWriteArrayList<>();
    private volatile String current;

    private TestFeed(Vertx vertx, int port) throws Exception {
        this.vertx = vertx;
        this.server = vertx.createHttpServer().requestHandler(request -> {
            if (!("Bearer " + TOKEN).equals(request.getHeader("Authorization"))) {
                request.response().setStatusCode(401).end();
                return;
            }
            if (request.query() != null) {
                queries.add(request.query());
            }
            switch (request.path()) {
                case "/feed/v1/snapshot" -> {
                    String body = current;
                    if (body == null) {
                        request.response().setStatusCode(404).end();
                    } else {
                        request.response().putHeader("Content-Type", "application/json").end(body);
                    }
                }
                case "/feed/v1/stream" -> {
                    HttpServerResponse response = request.response().setChunked(true)
                            .putHeader("Content-Type", "text/event-stream");
                    response.write(": connected\n\n");
                    if (current != null) {
                        response.write(event(current));
                    }
                    streams.add(response);
                    response.closeHandler(v -> streams.remove(response));
                }
                case "/test/publish" -> request.body().onSuccess(body -> {
                    publishRaw(body.toString(StandardCharsets.UTF_8));
                    request.response().setStatusCode(204).end();
                });
                case "/feed/v1/reports" -> request.body().onSuccess(body -> {
                    try {
                        reports.add(Json.mapper().readTree(body.getBytes()));
                        request.response().setStatusCode(204).end();
                    } catch (java.io.IOException e) {
                        request.response().setStatusCode(400).end();
                    }
                });
                default -> request.response().setStatusCode(404).end();
            }
        }).listen(port, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    public static TestFeed start(Vertx vertx) throws Exception {
        return new TestFeed(vertx, 0);
    }

    /** A feed on a given port, e.g. the port of a feed that was closed to simulate a control-plane restart. */
    public static TestFeed start(Vertx vertx, int port) throws Exception {
        return new TestFeed(vertx, port);
    }

    public int port() {
        return server.actualPort();
    }

    public String url() {
        return "http://127.0.0.1:" + server.actualPort();
    }

    /** Makes {@code snapshot} current and pushes it to every connected gateway. */
    public void publish(SignedSnapshot snapshot) {
        publishRaw(new String(Json.write(snapshot), StandardCharsets.UTF_8));
    }

    /** Same, with the JSON as given (for tampered snapshots). */
    public void publishRaw(String signedSnapshotJson) {
        current = signedSnapshotJson;
        vertx.runOnContext(v -> streams.forEach(stream -> stream.write(event(signedSnapshotJson))));
    }

    public int connectedStreams() {
        return streams.size();
    }

    /** The query strings of every feed request so far. */
    public List<String> queries() {
        return List.copyOf(queries);
    }

    public List<JsonNode> reports() {
        return List.copyOf(reports);
    }

    private static String event(String json) {
        return "event: snapshot\ndata: " + json + "\n\n";
    }

    @Override
    public void close() throws Exception {
        server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
