package dev.portcullis.gateway.support;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.util.concurrent.TimeUnit;

/**
 * An upstream that fails while it answers, the way a crashing MCP server does. The first segment of the request path
 * picks the failure, so each proxy of a test points at one ({@code http://127.0.0.1:port/<failure>}). Connections
 * close with {@code SO_LINGER 0}: a reset, as when the server's process is killed. Like {@link BrokenUpstream}, not a
 * stand-in for a real server.
 */
public final class FailingUpstream implements AutoCloseable {

    /** What the upstream does with a POST. */
    public enum Failure {
        /** 200 SSE, one progress event, then the connection is reset. */
        RESET_AFTER_PROGRESS("reset-after-progress"),
        /** 200 SSE, one progress event, then the stream ends cleanly without the answer. */
        END_AFTER_PROGRESS("end-after-progress"),
        /** 200 SSE, one progress event and half of another, then the connection is reset. */
        RESET_MID_EVENT("reset-mid-event"),
        /** 200 JSON declaring 200 bytes, 30 of them sent, then the connection is reset. */
        RESET_MID_JSON("reset-mid-json"),
        /** 200 JSON of unknown length (chunked), one chunk, then the connection is reset. */
        RESET_MID_CHUNKED_JSON("reset-mid-chunked-json"),
        /**
         * 200 SSE whose answer event (to id 41, an error) comes in two writes: the first ends right after the error
         * code, the rest follows {@link #FAIL_AFTER_MS} later. Not a failure: a slow server, or TCP cutting a big
         * event.
         */
        SPLIT_ANSWER("split-answer"),
        /** 200 OK JSON that is not JSON, with the headers of a Python server and a session of its own. */
        UNPARSEABLE_JSON("unparseable-json"),
        /** 200 OK SSE whose only event is not JSON, with the headers of a Python server. */
        UNPARSEABLE_SSE("unparseable-sse");

        private final String path;

        Failure(String path) {
            this.path = path;
        }

        public String path() {
            return path;
        }
    }

    public static final String SERVER = "BaseHTTP/0.6 Python/3.12.3";
    public static final String SESSION = "upstream-session-1";
    public static final String PROGRESS_EVENT = """
            event: message
            data: {"jsonrpc":"2.0","method":"notifications/progress","params":{"progressToken":"p","progress":1}}

            """;
    public static final String SPLIT_ANSWER_HEAD =
            "event: message\ndata: {\"jsonrpc\":\"2.0\",\"id\":41,\"error\":{\"code\":-32602,";
    public static final String SPLIT_ANSWER_TAIL = "\"message\":\"bad arguments\"}}\n\n";
    /** How long the upstream waits after the progress event before failing. */
    public static final long FAIL_AFTER_MS = 150;

    private final Vertx vertx;
    private final HttpServer server;

    private FailingUpstream(Vertx vertx, HttpServer server) {
        this.vertx = vertx;
        this.server = server;
    }

    public static FailingUpstream start(Vertx vertx) throws Exception {
        FailingUpstream[] self = new FailingUpstream[1];
        HttpServer server = vertx.createHttpServer(new HttpServerOptions().setSoLinger(0))
                .requestHandler(request -> request.body().onComplete(read -> self[0].answer(request)))
                .listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        self[0] = new FailingUpstream(vertx, server);
        return self[0];
    }

    /** The upstream URL that fails with {@code failure}. */
    public String url(Failure failure) {
        return "http://127.0.0.1:" + server.actualPort() + "/" + failure.path();
    }

    private void answer(HttpServerRequest request) {
        HttpServerResponse response = request.response();
        Failure failure = failureOf(request.path());
        if (failure == null) {
            response.setStatusCode(404).end();
            return;
        }
        switch (failure) {
            case RESET_AFTER_PROGRESS -> sse(response).write(PROGRESS_EVENT)
                    .onSuccess(v -> later(() -> request.connection().close()));
            case END_AFTER_PROGRESS -> sse(response).write(PROGRESS_EVENT).onSuccess(v -> later(response::end));
            case RESET_MID_EVENT -> sse(response).write(PROGRESS_EVENT + "event: message\ndata: {\"jsonrpc\":\"2.")
                    .onSuccess(v -> later(() -> request.connection().close()));
            case RESET_MID_JSON -> response.putHeader("Content-Type", "application/json")
                    .putHeader("Content-Length", "200").write("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":")
                    .onSuccess(v -> later(() -> request.connection().close()));
            case RESET_MID_CHUNKED_JSON -> response.putHeader("Content-Type", "application/json").setChunked(true)
                    .write("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":")
                    .onSuccess(v -> later(() -> request.connection().close()));
            case SPLIT_ANSWER -> sse(response).write(SPLIT_ANSWER_HEAD)
                    .onSuccess(v -> later(() -> response.end(SPLIT_ANSWER_TAIL)));
            case UNPARSEABLE_JSON -> python(response).putHeader("Content-Type", "application/json")
                    .end("this is not JSON");
            case UNPARSEABLE_SSE -> python(response).putHeader("Content-Type", "text/event-stream")
                    .end("event: message\ndata: this is not JSON\n\n");
        }
    }

    private static HttpServerResponse sse(HttpServerResponse response) {
        return response.putHeader("Content-Type", "text/event-stream").setChunked(true);
    }

    private static HttpServerResponse python(HttpServerResponse response) {
        return response.setStatusMessage("OK").putHeader("Server", SERVER).putHeader("Mcp-Session-Id", SESSION)
                .putHeader("X-Upstream-Only", "yes");
    }

    private void later(Runnable action) {
        vertx.setTimer(FAIL_AFTER_MS, id -> action.run());
    }

    private static Failure failureOf(String path) {
        for (Failure failure : Failure.values()) {
            if (path.startsWith("/" + failure.path() + "/") || path.equals("/" + failure.path())) {
                return failure;
            }
        }
        return null;
    }

    @Override
    public void close() throws Exception {
        server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
