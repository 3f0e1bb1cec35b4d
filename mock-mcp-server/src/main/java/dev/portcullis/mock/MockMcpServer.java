package dev.portcullis.mock;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The mock MCP server, in-process. {@code start} blocks until it listens; {@code close} ends every session and
 * stream and stops it. Each instance has its own in-memory data. Must not be started or closed on a Vert.x
 * event-loop thread (both block).
 *
 * <pre>{@code
 * try (MockMcpServer server = MockMcpServer.start("127.0.0.1", 0)) {
 *     URI endpoint = URI.create(server.url());   // http://127.0.0.1:PORT/mcp
 * }
 * }</pre>
 */
public final class MockMcpServer implements AutoCloseable {

    private static final long TIMEOUT_SECONDS = 30;

    private final Vertx vertx;
    private final boolean ownsVertx;
    private final MockMcpVerticle verticle;
    private final String deploymentId;
    private final MockMcpOptions options;
    private boolean closed;

    private MockMcpServer(Vertx vertx, boolean ownsVertx, MockMcpVerticle verticle, String deploymentId,
                          MockMcpOptions options) {
        this.vertx = vertx;
        this.ownsVertx = ownsVertx;
        this.verticle = verticle;
        this.deploymentId = deploymentId;
        this.options = options;
    }

    /** Starts on {@code host}:{@code port} (0 = a free port) with default options and its own Vert.x. */
    public static MockMcpServer start(String host, int port) {
        return start(MockMcpOptions.defaults(host, port));
    }

    /** Starts with {@code options} and its own small Vert.x instance, closed with the server. */
    public static MockMcpServer start(MockMcpOptions options) {
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1)
                .setInternalBlockingPoolSize(1));
        try {
            return start(vertx, options, true);
        } catch (RuntimeException e) {
            vertx.close();
            throw e;
        }
    }

    /** Starts on the caller's Vert.x, which the server does not close. */
    public static MockMcpServer start(Vertx vertx, MockMcpOptions options) {
        return start(vertx, options, false);
    }

    private static MockMcpServer start(Vertx vertx, MockMcpOptions options, boolean ownsVertx) {
        requireOffEventLoop("start");
        MockMcpVerticle verticle = new MockMcpVerticle(options);
        String deploymentId = await(vertx.deployVerticle(verticle),
                "listen on " + options.host() + ":" + options.port());
        return new MockMcpServer(vertx, ownsVertx, verticle, deploymentId, options);
    }

    /** The port actually bound. */
    public int port() {
        return verticle.port();
    }

    /** The MCP endpoint, e.g. {@code http://127.0.0.1:7878/mcp} (a wildcard bind is reported as 127.0.0.1). */
    public String url() {
        return baseUrl() + "/mcp";
    }

    /** Scheme, host and port, e.g. {@code http://127.0.0.1:7878}. */
    public String baseUrl() {
        String host = options.host();
        if (host.equals("0.0.0.0") || host.equals("::") || host.equals("0:0:0:0:0:0:0:0")) {
            host = "127.0.0.1";
        } else if (host.contains(":")) {
            host = "[" + host + "]";
        }
        return "http://" + host + ":" + port();
    }

    public MockMcpOptions options() {
        return options;
    }

    /** Sessions currently open (created by initialize and not yet deleted). */
    public int activeSessions() {
        return verticle.activeSessions();
    }

    /**
     * Changes what {@code tools/list} says a tool does from now on, as a compromised upstream would; the same as
     * {@code PUT /admin/tools/<name>/description}.
     *
     * @return false when there is no such tool
     */
    public boolean setToolDescription(String tool, String description) {
        return verticle.redescribe(tool, description);
    }

    /** Ends all sessions and their streams, stops listening, and closes Vert.x if the server created it. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        requireOffEventLoop("close");
        try {
            await(vertx.undeploy(deploymentId), "stop");
        } finally {
            if (ownsVertx) {
                await(vertx.close(), "close Vert.x");
            }
        }
    }

    private static void requireOffEventLoop(String what) {
        if (Context.isOnEventLoopThread()) {
            throw new IllegalStateException("MockMcpServer." + what + " blocks: call it off the event loop");
        }
    }

    private static <T> T await(Future<T> future, String what) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting to " + what, e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("mock MCP server could not " + what + ": " + e.getCause().getMessage(),
                    e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("mock MCP server timed out trying to " + what, e);
        }
    }
}
