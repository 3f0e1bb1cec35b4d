package dev.portcullis.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portcullis.gateway.config.GatewaySettings;
import dev.portcullis.gateway.observe.KnownPrimitives;
import dev.portcullis.gateway.observe.RequestObservers;
import dev.portcullis.gateway.observe.analytics.AnalyticsSettings;
import dev.portcullis.gateway.observe.analytics.AnalyticsWriter;
import dev.portcullis.gateway.support.AgentClient;
import dev.portcullis.gateway.support.RunningGateway;
import dev.portcullis.gateway.support.Teardown;
import dev.portcullis.gateway.support.TestFeed;
import dev.portcullis.gateway.support.TestProxies;
import dev.portcullis.gateway.support.TestSnapshots;
import dev.portcullis.launcher.services.FreePorts;
import dev.portcullis.mock.MockMcpOptions;
import dev.portcullis.mock.MockMcpServer;
import io.vertx.core.Vertx;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With the gateway's Redis unreachable, analytics holds no answer (nothing to wait for), so the answer's last bytes
 * are written at once, in the middle of the relay's handling of the upstream's chunk. The relay must not touch the
 * ended response afterwards (it used to ask it {@code writeQueueFull()}: {@code IllegalStateException: Response has
 * already been written}, uncaught, on every SSE list).
 */
class RedisDownAnswersIT {

    private static final String OPEN = "\"authentication\":{\"enabled\":false},";

    @TempDir
    static Path dataDir;

    private static final Queue<Throwable> UNCAUGHT = new ConcurrentLinkedQueue<>();

    private static Vertx vertx;
    private static MockMcpServer streamingMock;
    private static TestFeed feed;
    private static AnalyticsWriter analytics;
    private static RunningGateway gateway;
    private static AgentClient agent;

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        vertx.exceptionHandler(UNCAUGHT::add);
        streamingMock = MockMcpServer.start(vertx, new MockMcpOptions("127.0.0.1", 0, 0,
                MockMcpOptions.SseMode.ALWAYS, MockMcpOptions.DEFAULT_HEARTBEAT));
        feed = TestFeed.start(vertx);
        TestSnapshots snapshots = new TestSnapshots();
        feed.publish(snapshots.sign(1, List.of(
                TestProxies.definition("sse", "/sse/", streamingMock.baseUrl(), OPEN)), List.of()));
        GatewaySettings.CounterStore unreachable = new GatewaySettings.CounterStore(
                "redis://127.0.0.1:" + FreePorts.pick(), "redis-down-it:", Duration.ofMillis(100),
                GatewaySettings.OnRedisFailure.LOCAL);
        analytics = new AnalyticsWriter(vertx, unreachable, new AnalyticsSettings(true, 1000, 1000,
                Duration.ofMillis(100)));
        gateway = RunningGateway.start(vertx, feed.url(), snapshots.publicKey(), dataDir, unreachable,
                new RequestObservers(List.of(analytics)), new KnownPrimitives());
        await().atMost(Duration.ofSeconds(10)).until(() -> gateway.version() == 1);
        agent = new AgentClient(gateway.baseUrl());
    }

    @AfterAll
    static void stop() throws Exception {
        Teardown.closeAll(vertx, gateway, analytics, feed, streamingMock);
    }

    @BeforeEach
    void forgetEarlierExceptions() {
        UNCAUGHT.clear();
    }

    @Test
    void sseListsAreAnsweredWholeWithNothingThrownWhileRedisIsDown() throws Exception {
        String session = agent.initialize("/sse/mcp");

        for (int id = 2; id < 7; id++) {
            HttpResponse<String> list = agent.post("/sse/mcp", """
                    {"jsonrpc":"2.0","id":%d,"method":"tools/list"}""".formatted(id), "Mcp-Session-Id", session);

            assertThat(list.statusCode()).isEqualTo(200);
            assertThat(list.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
                    assertThat(type).startsWith("text/event-stream"));
            JsonNode answer = AgentClient.message(list);
            assertThat(answer.get("id").asInt()).isEqualTo(id);
            assertThat(answer.at("/result/tools")).hasSize(15);
        }
        assertThat(UNCAUGHT).as("uncaught exceptions on the gateway's event loops").isEmpty();
    }

    @Test
    void sseToolCallsAreAnsweredWholeWithNothingThrownWhileRedisIsDown() throws Exception {
        String session = agent.initialize("/sse/mcp");

        for (int id = 2; id < 7; id++) {
            HttpResponse<String> call = agent.post("/sse/mcp", """
                    {"jsonrpc":"2.0","id":%d,"method":"tools/call","params":{"name":"get_users","arguments":{}}}"""
                    .formatted(id), "Mcp-Session-Id", session);

            assertThat(AgentClient.message(call).get("id").asInt()).isEqualTo(id);
            assertThat(AgentClient.message(call).at("/result/isError").asBoolean()).isFalse();
        }
        assertThat(UNCAUGHT).as("uncaught exceptions on the gateway's event loops").isEmpty();
    }
}
