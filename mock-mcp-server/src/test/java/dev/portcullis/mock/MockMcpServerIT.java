package dev.portcullis.mock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Vertx;
import java.net.URI;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The in-process API other modules' tests use. */
class MockMcpServerIT {

    @Test
    void startsOnAFreePortAndReportsItsUrl() {
        try (MockMcpServer server = MockMcpServer.start("127.0.0.1", 0)) {
            assertThat(server.port()).isPositive();
            assertThat(server.url()).isEqualTo("http://127.0.0.1:" + server.port() + "/mcp");
            assertThat(new RawMcpClient(server.url()).get(URI.create(server.baseUrl() + "/health")).statusCode())
                    .isEqualTo(200);
        }
    }

    @Test
    void closeStopsListeningAndCanBeCalledTwice() {
        MockMcpServer server = MockMcpServer.start("127.0.0.1", 0);
        RawMcpClient client = new RawMcpClient(server.url());

        server.close();
        server.close();

        assertThatThrownBy(() -> client.get(URI.create(server.baseUrl() + "/health")))
                .isInstanceOf(java.io.UncheckedIOException.class);
    }

    @Test
    void runsOnACallersVertxAndLeavesItOpen() throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            try (MockMcpServer server = MockMcpServer.start(vertx, MockMcpOptions.defaults("127.0.0.1", 0))) {
                assertThat(new RawMcpClient(server.url()).initialize()).isNotBlank();
            }
            CompletableFuture<String> stillRunning = new CompletableFuture<>();
            vertx.runOnContext(ignored -> stillRunning.complete("ok"));
            assertThat(stillRunning.get(5, TimeUnit.SECONDS)).isEqualTo("ok");
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void refusesToBlockAnEventLoop() throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            CompletableFuture<Throwable> failure = new CompletableFuture<>();
            vertx.runOnContext(ignored -> {
                try {
                    MockMcpServer.start(vertx, MockMcpOptions.defaults("127.0.0.1", 0)).close();
                    failure.complete(null);
                } catch (IllegalStateException e) {
                    failure.complete(e);
                }
            });
            assertThat(failure.get(5, TimeUnit.SECONDS)).hasMessageContaining("event loop");
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void serversDoNotShareData() {
        try (MockMcpServer first = MockMcpServer.start("127.0.0.1", 0);
             MockMcpServer second = MockMcpServer.start("127.0.0.1", 0)) {
            RawMcpClient a = new RawMcpClient(first.url());
            RawMcpClient b = new RawMcpClient(second.url());
            a.post(a.initialize(), "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":"
                    + "{\"name\":\"delete_user\",\"arguments\":{\"id\":1}}}");

            String users = b.post(b.initialize(), "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"resources/read\","
                    + "\"params\":{\"uri\":\"users://list\"}}").body();

            assertThat(users).contains("alice@example.com");
        }
    }
}
