package dev.portcullis.mock;

import dev.portcullis.mock.data.MockStore;
import dev.portcullis.mock.http.McpEndpoint;
import dev.portcullis.mock.prompts.PromptCatalog;
import dev.portcullis.mock.resources.ResourceCatalog;
import dev.portcullis.mock.rpc.McpMethods;
import dev.portcullis.mock.rpc.Pagination;
import dev.portcullis.mock.session.SessionRegistry;
import dev.portcullis.mock.tools.ToolCatalog;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.Promise;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;

/**
 * The server as a verticle: deployment gives it one event-loop context of its own, whatever thread starts it, so
 * requests, timers, session state and shutdown all run on that one loop.
 */
final class MockMcpVerticle extends AbstractVerticle {

    private final MockMcpOptions options;
    private final SessionRegistry sessions = new SessionRegistry();
    private HttpServer server;
    private volatile ToolCatalog tools;

    MockMcpVerticle(MockMcpOptions options) {
        this.options = options;
    }

    @Override
    public void start(Promise<Void> started) {
        MockStore store = new MockStore();
        tools = new ToolCatalog(store, sessions::resourceUpdated);
        McpMethods methods = new McpMethods(tools, new PromptCatalog(), new ResourceCatalog(store),
                new Pagination(options.pageSize()));
        server = vertx.createHttpServer(new HttpServerOptions()
                .setHost(options.host())
                .setPort(options.port()));
        server.requestHandler(new McpEndpoint(vertx, options, sessions, methods, tools))
                .listen()
                .<Void>mapEmpty()
                .onComplete(started);
    }

    /** Ends every session (closing their streams) before the server stops listening. */
    @Override
    public void stop(Promise<Void> stopped) {
        sessions.closeAll();
        server.close().onComplete(stopped);
    }

    int port() {
        return server.actualPort();
    }

    boolean redescribe(String tool, String description) {
        return tools.redescribe(tool, description);
    }

    int activeSessions() {
        return sessions.size();
    }
}
