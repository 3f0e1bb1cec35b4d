package dev.portcullis.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.portcullis.gateway.config.GatewaySettings;
import dev.portcullis.gateway.support.AgentClient;
import dev.portcullis.gateway.support.RunningGateway;
import dev.portcullis.gateway.support.Teardown;
import dev.portcullis.gateway.support.TestFeed;
import dev.portcullis.gateway.support.TestProxies;
import dev.portcullis.gateway.support.TestSnapshots;
import dev.portcullis.mock.MockMcpServer;
import dev.portcullis.model.proxy.ProxyDefinition;
import io.vertx.core.Vertx;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Member legs go to the gateway's own loopback listener, one destination for every virtual server and member: the
 * streams agents keep open there (GET streams, each holding a leg per member) must not use up the connections
 * every other leg needs. The gateway runs one event loop with an upstream pool of 4 connections per host, so two
 * agents' GET streams over two members would fill a pool the legs shared with upstream traffic.
 */
class VirtualServerLegPoolIT {

    private static final String PATH = "/pool/mcp";

    @TempDir
    static Path dataDir;

    private static Vertx vertx;
    private static MockMcpServer first;
    private static MockMcpServer second;
    private static TestFeed feed;
    private static RunningGateway gateway;

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        first = MockMcpServer.start("127.0.0.1", 0);
        second = MockMcpServer.start("127.0.0.1", 0);
        feed = TestFeed.start(vertx);
        TestSnapshots snapshots = new TestSnapshots();
        feed.publish(snapshots.sign(1, List.of(
                TestProxies.definition("pool-a", "/pool-a/", first.baseUrl()),
                TestProxies.definition("pool-b", "/pool-b/", second.baseUrl()),
                ProxyDefinition.parse("""
                        {"id":"pool","name":"Pool","listenPath":"/pool/","authentication":{"enabled":false},
                         "members":[{"proxy":"pool-a","prefix":"a_"},{"proxy":"pool-b","prefix":"b_"}]}""")),
                List.of()));
        GatewaySettings settings = new GatewaySettings("127.0.0.1", 0, 1, "gw-pool", List.of(),
                URI.create(feed.url()), Optional.of(TestFeed.TOKEN), snapshots.publicKey(), dataDir,
                Duration.ofSeconds(60), Duration.ofMillis(50), Duration.ofMillis(500), List.of(),
                new GatewaySettings.Traffic(4, Duration.ofSeconds(5), Duration.ofSeconds(30)));
        gateway = RunningGateway.start(vertx, settings);
        await().atMost(Duration.ofSeconds(10)).until(() -> gateway.version() == 1);
    }

    @AfterAll
    static void stop() throws Exception {
        Teardown.closeAll(vertx, gateway, feed, first, second);
    }

    @Test
    void openGetStreamsLeaveLegsForCalls() throws Exception {
        AgentClient agent = new AgentClient(gateway.baseUrl());
        List<CompletableFuture<HttpResponse<InputStream>>> streams = new ArrayList<>();
        String session = null;
        for (int i = 0; i < 2; i++) {
            session = agent.initialize(PATH);
            HttpRequest get = agent.request(PATH).timeout(Duration.ofMinutes(2)).GET()
                    .header("Accept", "text/event-stream").header("Mcp-Session-Id", session)
                    .header("MCP-Protocol-Version", "2025-11-25").build();
            CompletableFuture<HttpResponse<InputStream>> stream = agent.http().sendAsync(get,
                    HttpResponse.BodyHandlers.ofInputStream());
            assertThat(stream.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
            streams.add(stream);
        }
        try {
            CompletableFuture<HttpResponse<String>> call = CompletableFuture.supplyAsync(call(agent, session));

            HttpResponse<String> answer = call.get(15, TimeUnit.SECONDS);

            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
            assertThat(AgentClient.message(answer).at("/result/isError").asBoolean()).as(answer.body()).isFalse();
        } finally {
            for (CompletableFuture<HttpResponse<InputStream>> stream : streams) {
                stream.get().body().close();
            }
        }
    }

    private static java.util.function.Supplier<HttpResponse<String>> call(AgentClient agent, String session) {
        return () -> {
            try {
                return agent.post(PATH, """
                        {"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":"a_get_users","arguments":{}}}""",
                        "Mcp-Session-Id", session, "MCP-Protocol-Version", "2025-11-25");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };
    }
}
