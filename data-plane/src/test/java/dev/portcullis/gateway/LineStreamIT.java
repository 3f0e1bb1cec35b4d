package dev.portcullis.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.portcullis.gateway.observe.CompletedRequest;
import dev.portcullis.gateway.observe.RequestObservation;
import dev.portcullis.gateway.observe.RequestObserver;
import dev.portcullis.gateway.observe.RequestObservers;
import dev.portcullis.gateway.support.AgentClient;
import dev.portcullis.gateway.support.RunningGateway;
import dev.portcullis.gateway.support.Teardown;
import dev.portcullis.gateway.support.TestFeed;
import dev.portcullis.gateway.support.TestProxies;
import dev.portcullis.gateway.support.TestSnapshots;
import dev.portcullis.model.analytics.AnalyticsRecord;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A streamed body that is neither JSON nor SSE (JSON lines, as a listening request may be answered) reaches the
 * agent line by line as the upstream sends it: only the line that answers the request waits for the request's
 * record, so a first frame is not held until the next one arrives.
 */
class LineStreamIT {

    private static final String OPEN = "\"authentication\":{\"enabled\":false},";
    private static final String FIRST = "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/subscriptions/acknowledged\","
            + "\"params\":{}}";
    private static final String SECOND = "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/tools/list_changed\"}";
    private static final String ANSWER = "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{}}";
    /** How long the upstream waits between its first and second line. */
    private static final long PAUSE_MS = 2_000;

    @TempDir
    static Path dataDir;

    private static final Queue<AnalyticsRecord> RECORDS = new ConcurrentLinkedQueue<>();

    private static Vertx vertx;
    private static HttpServer upstream;
    private static TestFeed feed;
    private static RunningGateway gateway;

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        upstream = vertx.createHttpServer().requestHandler(request -> request.body().onComplete(read -> {
            String type = request.getHeader("X-Answer-Type");
            var response = request.response().setChunked(true)
                    .putHeader("Content-Type", type == null ? "application/x-ndjson" : type);
            response.write(FIRST + "\n");
            vertx.setTimer(PAUSE_MS, id -> response.write(SECOND + "\n" + ANSWER.substring(0, 10))
                    .compose(v -> response.end(ANSWER.substring(10) + "\n")));
        })).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        feed = TestFeed.start(vertx);
        TestSnapshots snapshots = new TestSnapshots();
        feed.publish(snapshots.sign(1, List.of(TestProxies.definition("lines", "/lines/",
                "http://127.0.0.1:" + upstream.actualPort(), OPEN)), List.of()));
        RequestObserver recorder = new RequestObserver() {
            @Override
            public void completed(RequestObservation observation, CompletedRequest request) {
                RECORDS.add(request.record());
            }
        };
        gateway = RunningGateway.start(vertx, feed.url(), snapshots.publicKey(), dataDir,
                new RequestObservers(List.of(recorder)));
        await().atMost(Duration.ofSeconds(10)).until(() -> gateway.version() == 1);
    }

    @AfterAll
    static void stop() throws Exception {
        Teardown.closeAll(vertx, gateway, feed, upstream == null ? null : () -> upstream.close()
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS));
    }

    @Test
    void eachJsonLineReachesTheAgentAsItArrivesAndTheAnswerLineEndsTheResponse() throws Exception {
        relaysLineByLine(null, "application/x-ndjson");
    }

    /** Servers answer {@code subscriptions/listen} with JSON lines typed {@code application/json}. */
    @Test
    void aSubscriptionStreamTypedAsJsonIsRelayedLineByLineToo() throws Exception {
        relaysLineByLine("application/json", "application/json");
    }

    private void relaysLineByLine(String answerType, String expectedType) throws Exception {
        AgentClient agent = new AgentClient(gateway.baseUrl());
        HttpRequest.Builder builder = agent.request("/lines/mcp");
        if (answerType != null) {
            builder.header("X-Answer-Type", answerType);
        }
        HttpRequest request = builder
                .header("Content-Type", "application/json").header("Accept", AgentClient.ACCEPT_BOTH)
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"subscriptions/listen\",\"params\":{}}"))
                .build();
        Queue<String> received = new ConcurrentLinkedQueue<>();
        long sentAt = System.nanoTime();
        CompletableFuture<HttpResponse<Stream<String>>> response = agent.http()
                .sendAsync(request, HttpResponse.BodyHandlers.ofLines());
        CompletableFuture<Void> reading = response.thenAcceptAsync(lines -> lines.body().forEach(received::add));

        await().atMost(Duration.ofSeconds(1)).until(() -> !received.isEmpty());
        long firstAfterMs = (System.nanoTime() - sentAt) / 1_000_000;

        assertThat(firstAfterMs).as("the first line came before the upstream sent its second").isLessThan(PAUSE_MS);
        assertThat(received).containsExactly(FIRST);
        reading.get(10, TimeUnit.SECONDS);
        assertThat(received).containsExactly(FIRST, SECOND, ANSWER);
        assertThat(response.get().headers().firstValue("Content-Type")).hasValue(expectedType);
        assertThat(RECORDS).anySatisfy(record -> assertThat(record.status()).isEqualTo(200));
    }
}
