package dev.portcullis.gateway.observe.analytics;

import dev.portcullis.gateway.config.GatewaySettings;
import dev.portcullis.gateway.observe.CompletedRequest;
import dev.portcullis.launcher.services.FreePorts;
import dev.portcullis.launcher.services.RespClient;
import dev.portcullis.launcher.services.TestRedis;
import dev.portcullis.launcher.services.TestRedisEndpoint;
import dev.portcullis.model.analytics.AnalyticsRecord;
import dev.portcullis.model.analytics.AnalyticsRecordJson;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class AnalyticsWriterIT {

    private Vertx vertx;
    private TestRedisEndpoint redis;
    private AnalyticsWriter writer;

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
        redis = TestRedis.create();
    }

    @AfterEach
    void stop() throws Exception {
        if (writer != null) {
            writer.close(Duration.ofSeconds(1)).toCompletionStage().toCompletableFuture()
                    .handle((done, error) -> done).get(10, TimeUnit.SECONDS);
        }
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        redis.close();
    }

    @Test
    void appendsEachTrackedRecordToTheStreamAsJsonUnderFieldR() throws Exception {
        writer = writer(redis.url(), 100);
        AnalyticsRecord first = record();
        AnalyticsRecord second = record();

        complete(new CompletedRequest(first, true), new CompletedRequest(record(), false),
                new CompletedRequest(second, true));

        await().atMost(Duration.ofSeconds(10)).until(() -> streamRecords().size() == 2);
        assertThat(streamRecords()).containsExactly(first, second);
        assertThat(writer.stats().written()).isEqualTo(2);
        assertThat(writer.stats().buffered()).isZero();
        assertThat(writer.streamKey()).isEqualTo(redis.keyPrefix() + "analytics");
    }

    @Test
    void anAnswerWaitsUntilRedisHasItsRecord() throws Exception {
        AnalyticsRecord paused = record();

        AnalyticsRecord first = heldWhileRedisPausesWrites(paused);

        assertThat(streamRecords()).containsExactly(first, paused);
        assertThat(writer.stats().unconfirmedAnswers()).isZero();
    }

    @Test
    void theAnswerHoldBoundsTheWaitWhenRedisIsSlowAndTheRecordStillArrives() throws Exception {
        writer = writer(redis.url(), 100, Duration.ofMillis(200));
        AnalyticsRecord first = opened();
        redisCommand("CLIENT", "PAUSE", "3000", "WRITE");
        AnalyticsRecord slow = record();

        Future<Void> hold = complete(new CompletedRequest(slow, true)).get(0);

        await().atMost(Duration.ofMillis(2_500)).until(hold::isComplete);
        assertThat(writer.stats().unconfirmedAnswers()).isEqualTo(1);
        await().atMost(Duration.ofSeconds(10)).until(() -> streamRecords().size() == 2);
        assertThat(streamRecords()).containsExactly(first, slow);
        assertThat(writer.stats().written()).isEqualTo(2);
    }

    @Test
    void theRecordsOfOneEventLoopTurnGoTogetherAndEachAnswerWaitsForRedis() throws Exception {
        AnalyticsRecord a = record();
        AnalyticsRecord b = record();
        AnalyticsRecord c = record();

        AnalyticsRecord first = heldWhileRedisPausesWrites(a, b, c);

        assertThat(streamRecords()).containsExactly(first, a, b, c);
        assertThat(writer.stats().written()).isEqualTo(4);
        assertThat(writer.stats().unconfirmedAnswers()).isZero();
    }

    @Test
    void noHoldWhenTheHoldIsOffOrTheRequestUntracked() throws Exception {
        writer = writer(redis.url(), 100, Duration.ZERO);
        opened();
        assertThat(complete(new CompletedRequest(record(), true))).containsOnlyNulls();
        await().atMost(Duration.ofSeconds(10)).until(() -> streamRecords().size() == 2);
        writer.close(Duration.ofSeconds(1)).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);

        writer = writer(redis.url(), 100, Duration.ofSeconds(5));
        opened();
        assertThat(complete(new CompletedRequest(record(), false))).containsOnlyNulls();
    }

    @Test
    void buffersWhileRedisIsUnreachableDropsBeyondTheBoundAndDeliversTheRestWhenItIsBack() throws Exception {
        int port = FreePorts.pick();
        try (RedisDoorway doorway = new RedisDoorway(vertx, port, redis.host(), redis.port())) {
            writer = writer(doorway.url(), 3);
            List<CompletedRequest> requests = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                requests.add(new CompletedRequest(record(), true));
            }

            assertThat(complete(requests.toArray(CompletedRequest[]::new)))
                    .as("no answer waits for an outage").containsOnlyNulls();

            await().atMost(Duration.ofSeconds(10)).until(() -> writer.stats().dropped() == 2);
            assertThat(writer.stats().buffered()).isEqualTo(3);
            assertThat(writer.stats().written()).isZero();

            doorway.open();

            await().atMost(Duration.ofSeconds(20)).until(() -> streamRecords().size() == 3);
            assertThat(streamRecords()).containsExactlyElementsOf(
                    requests.subList(0, 3).stream().map(CompletedRequest::record).toList());
            assertThat(writer.stats().buffered()).isZero();
            assertThat(writer.stats().written()).isEqualTo(3);
        }
    }

    @Test
    void keepsRecordsAcrossALostConnectionAndSendsThemAfterReconnecting() throws Exception {
        int port = FreePorts.pick();
        try (RedisDoorway doorway = new RedisDoorway(vertx, port, redis.host(), redis.port())) {
            doorway.open();
            writer = writer(doorway.url(), 100);
            AnalyticsRecord before = record();
            complete(new CompletedRequest(before, true));
            await().atMost(Duration.ofSeconds(10)).until(() -> streamRecords().size() == 1);

            doorway.shut();
            AnalyticsRecord during = record();
            complete(new CompletedRequest(during, true));
            doorway.open();

            await().atMost(Duration.ofSeconds(20)).until(() -> streamRecords().contains(during));
            assertThat(streamRecords()).contains(before, during);
            assertThat(writer.stats().dropped()).isZero();
        }
    }

    @Test
    void aRecordInFlightWhenTheConnectionClosesIsSentAgainNotDropped() throws Exception {
        int port = FreePorts.pick();
        try (RedisDoorway doorway = new RedisDoorway(vertx, port, redis.host(), redis.port())) {
            doorway.open();
            writer = writer(doorway.url(), 100);
            opened();
            // Redis holds the XADD unanswered, so it is in flight when the connection is cut: the client fails it
            // with its own CONNECTION_CLOSED error, which is an I/O failure, not a refusal.
            redisCommand("CLIENT", "PAUSE", "500", "WRITE");
            AnalyticsRecord inFlight = record();
            complete(new CompletedRequest(inFlight, true));
            doorway.shut();
            doorway.open();

            await().atMost(Duration.ofSeconds(20)).until(() -> streamRecords().contains(inFlight));
            assertThat(writer.stats().dropped()).isZero();
        }
    }

    @Test
    void dropsAndCountsRecordsRedisRefusesKeepsTheConnectionAndDeliversOnceTheKeyIsFixed() throws Exception {
        int port = FreePorts.pick();
        try (RedisDoorway doorway = new RedisDoorway(vertx, port, redis.host(), redis.port())) {
            doorway.open();
            redisCommand("SET", redis.keyPrefix() + "analytics", "not a stream");
            writer = writer(doorway.url(), 100);

            complete(new CompletedRequest(record(), true), new CompletedRequest(record(), true),
                    new CompletedRequest(record(), true));
            await().atMost(Duration.ofSeconds(10)).until(() -> writer.stats().dropped() == 3);
            complete(new CompletedRequest(record(), true));
            await().atMost(Duration.ofSeconds(10)).until(() -> writer.stats().dropped() == 4);

            assertThat(writer.stats().buffered()).isZero();
            assertThat(writer.stats().written()).isZero();
            assertThat(doorway.acceptedConnections()).isEqualTo(1);

            redisCommand("DEL", redis.keyPrefix() + "analytics");
            AnalyticsRecord after = record();
            complete(new CompletedRequest(after, true));

            await().atMost(Duration.ofSeconds(10)).until(() -> streamRecords().size() == 1);
            assertThat(streamRecords()).containsExactly(after);
            assertThat(writer.stats().written()).isEqualTo(1);
            assertThat(writer.stats().dropped()).isEqualTo(4);
            assertThat(doorway.acceptedConnections()).isEqualTo(1);
        }
    }

    private void redisCommand(String... command) throws Exception {
        try (RespClient client = RespClient.connect(redis.endpoint(), Duration.ofSeconds(2))) {
            client.command(command);
        }
    }

    private AnalyticsWriter writer(String url, int buffer) {
        return writer(url, buffer, Duration.ofMillis(100));
    }

    private AnalyticsWriter writer(String url, int buffer, Duration answerHold) {
        return new AnalyticsWriter(vertx, new GatewaySettings.CounterStore(url, redis.keyPrefix(),
                Duration.ofMillis(100), GatewaySettings.OnRedisFailure.LOCAL),
                new AnalyticsSettings(true, 1000, buffer, answerHold));
    }

    /**
     * Completes the requests in order on one event loop, as the gateway's verticle would.
     *
     * @return each request's answer hold (null where there is none)
     */
    private List<Future<Void>> complete(CompletedRequest... requests) throws Exception {
        Context context = vertx.getOrCreateContext();
        var done = new java.util.concurrent.CompletableFuture<List<Future<Void>>>();
        context.runOnContext(ignored -> {
            List<Future<Void>> holds = new ArrayList<>();
            for (CompletedRequest request : requests) {
                holds.add(writer.append(request));
            }
            done.complete(holds);
        });
        return done.get(5, TimeUnit.SECONDS);
    }

    /**
     * With answers held up to 30 s: opens the writer, then completes {@code records} in one event-loop turn while
     * Redis pauses writes; every answer waits, then Redis's replies release them all.
     *
     * @return the first record, appended before the pause
     */
    private AnalyticsRecord heldWhileRedisPausesWrites(AnalyticsRecord... records) throws Exception {
        writer = writer(redis.url(), 100, Duration.ofSeconds(30));
        AnalyticsRecord first = opened();
        redisCommand("CLIENT", "PAUSE", "1500", "WRITE");
        CompletedRequest[] requests = new CompletedRequest[records.length];
        for (int i = 0; i < records.length; i++) {
            requests[i] = new CompletedRequest(records[i], true);
        }

        List<Future<Void>> holds = complete(requests);

        assertThat(holds).doesNotContainNull();
        Thread.sleep(300);
        assertThat(holds).as("released while Redis could not take the records").noneMatch(Future::isComplete);
        await().atMost(Duration.ofSeconds(10)).until(() -> holds.stream().allMatch(Future::isComplete));
        return first;
    }

    /** Appends a first record and waits for it, so the writer's connection is open and idle. */
    private AnalyticsRecord opened() throws Exception {
        AnalyticsRecord first = record();
        complete(new CompletedRequest(first, true));
        await().atMost(Duration.ofSeconds(10)).until(() -> streamRecords().contains(first));
        return first;
    }

    private List<AnalyticsRecord> streamRecords() throws Exception {
        try (RespClient client = RespClient.connect(redis.endpoint(), Duration.ofSeconds(2))) {
            List<?> entries = (List<?>) client.command("XRANGE", redis.keyPrefix() + "analytics", "-", "+");
            List<AnalyticsRecord> records = new ArrayList<>();
            for (Object entry : entries) {
                List<?> fields = (List<?>) ((List<?>) entry).get(1);
                assertThat(fields.get(0)).isEqualTo("r");
                records.add(AnalyticsRecordJson.read((String) fields.get(1)));
            }
            return records;
        }
    }

    private static AnalyticsRecord record() {
        return new AnalyticsRecord(UUID.randomUUID().toString(), Instant.now(), "gw-test", "crm", "POST",
                "/crm/mcp", 200, 1_500L, 1_000L, 10L, 20L, "key", "k1", "agent", "tools/call", "tool", "get_users",
                null, null, null, null);
    }
}
