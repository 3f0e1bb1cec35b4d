package dev.portcullis.gateway.filter.ratelimit;

import dev.portcullis.launcher.services.TestRedis;
import dev.portcullis.launcher.services.TestRedisEndpoint;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** An event loop's counter connection against a real Redis, behind a relay the test can stall and cut. */
class CounterConnectionIT {

    private static final long TIMEOUT_MS = 20_000;

    private Vertx vertx;
    private TestRedisEndpoint redis;
    private Relay relay;
    private Redis client;
    private Context context;
    private CounterConnection connection;

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        redis = TestRedis.create();
        relay = new Relay(vertx, redis.port());
        // One pooled connection: one that is never given back leaves the pool nothing to serve with.
        client = Redis.createClient(vertx, new RedisOptions().setConnectionString("redis://127.0.0.1:"
                + relay.port()).setMaxPoolSize(1).setMaxPoolWaiting(16));
        context = vertx.getOrCreateContext();
        connection = new CounterConnection(context, client, TIMEOUT_MS);
    }

    @AfterEach
    void stop() throws Exception {
        connection.close();
        client.close();
        relay.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        redis.close();
    }

    @Test
    void callsWaitingOnADroppedConnectionFailAtOnceNotAtTheirTimeout() throws Exception {
        await().atMost(Duration.ofSeconds(10)).until(() -> onContext(connection::ready));
        relay.stallReplies();
        Future<Response> waiting = onContext(() -> connection.send(Request.cmd(Command.PING)));
        Thread.sleep(200); // the PING is on the wire, its reply held back by the relay

        long cut = System.nanoTime();
        relay.cutAll();

        await().atMost(Duration.ofSeconds(5)).until(waiting::isComplete);
        assertThat(waiting.failed()).isTrue();
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - cut)).isLessThan(TIMEOUT_MS / 2);
        relay.releaseReplies();
        await().atMost(Duration.ofSeconds(10)).until(() -> onContext(connection::ready));
        Future<Response> next = onContext(() -> connection.send(Request.cmd(Command.PING)));
        await().atMost(Duration.ofSeconds(5)).until(next::isComplete);
        assertThat(next.result().toString()).isEqualTo("PONG");
    }

    @Test
    void whenTheOldestCallTimesOutTheCallsQueuedBehindItFailWithItAndANewConnectionServes() throws Exception {
        connection = new CounterConnection(context, client, 3_000);
        await().atMost(Duration.ofSeconds(10)).until(() -> onContext(connection::ready));
        relay.stallReplies(); // a black hole: no end, no error, no reply
        Future<Response> first = onContext(() -> connection.send(Request.cmd(Command.PING)));
        Thread.sleep(1_500);
        Future<Response> behind = onContext(() -> connection.send(Request.cmd(Command.PING)));

        await().atMost(Duration.ofSeconds(10)).until(first::isComplete);
        long firstFailed = System.nanoTime();
        await().atMost(Duration.ofSeconds(10)).until(behind::isComplete);

        assertThat(first.failed()).isTrue();
        assertThat(behind.failed()).isTrue();
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - firstFailed)).isLessThan(750);
        relay.releaseReplies();
        await().atMost(Duration.ofSeconds(10)).until(() -> onContext(connection::ready));
        assertThat(relay.accepted()).as("a new connection").isEqualTo(2);
        Future<Response> next = onContext(() -> connection.send(Request.cmd(Command.PING)));
        await().atMost(Duration.ofSeconds(5)).until(next::isComplete);
        assertThat(next.result().toString()).isEqualTo("PONG");
    }

    @Test
    void aConnectionStillOpeningAtShutdownIsClosedNotLeaked() throws Exception {
        relay.delayAccept();
        assertThat(onContext(connection::ready)).isFalse(); // starts opening
        await().atMost(Duration.ofSeconds(5)).until(() -> relay.accepted() == 1);

        connection.close();
        relay.acceptDelayed();

        Future<Response> pooled = onContext(() -> client.send(Request.cmd(Command.PING)));
        await().atMost(Duration.ofSeconds(5)).until(pooled::isComplete);
        assertThat(pooled.result().toString()).as("the connection went back to the pool").isEqualTo("PONG");
        assertThat(onContext(connection::ready)).isFalse();
        assertThat(onContext(() -> connection.send(Request.cmd(Command.PING))).failed()).isTrue();
        assertThat(relay.accepted()).as("nothing opened after close").isEqualTo(1);
    }

    private <T> T onContext(Supplier<T> action) throws Exception {
        CompletableFuture<T> result = new CompletableFuture<>();
        context.runOnContext(ignored -> result.complete(action.get()));
        return result.get(10, TimeUnit.SECONDS);
    }

    /** Relays to Redis; can hold back Redis's replies, hold new connections before they reach Redis, and cut. */
    private static final class Relay implements AutoCloseable {

        private final NetServer server;
        private final NetClient upstream;
        private final int redisPort;
        private final Set<NetSocket> agents = ConcurrentHashMap.newKeySet();
        private final Set<NetSocket> held = ConcurrentHashMap.newKeySet();
        private volatile boolean stalled;
        private volatile boolean delayed;
        private volatile int accepted;

        Relay(Vertx vertx, int redisPort) throws Exception {
            this.redisPort = redisPort;
            this.upstream = vertx.createNetClient();
            this.server = vertx.createNetServer().connectHandler(agent -> {
                accepted++;
                agents.add(agent);
                agent.closeHandler(v -> agents.remove(agent));
                agent.pause();
                if (delayed) {
                    held.add(agent);
                } else {
                    forward(agent);
                }
            }).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }

        private void forward(NetSocket agent) {
            upstream.connect(redisPort, "127.0.0.1").onComplete(connected -> {
                if (connected.failed()) {
                    agent.close();
                    return;
                }
                NetSocket redis = connected.result();
                agent.closeHandler(v -> {
                    agents.remove(agent);
                    redis.close();
                });
                redis.closeHandler(v -> agent.close());
                agent.handler(redis::write);
                redis.handler(reply -> {
                    if (!stalled) {
                        agent.write(reply);
                    }
                });
                agent.resume();
            });
        }

        int port() {
            return server.actualPort();
        }

        int accepted() {
            return accepted;
        }

        void stallReplies() {
            stalled = true;
        }

        void releaseReplies() {
            stalled = false;
        }

        void delayAccept() {
            delayed = true;
        }

        void acceptDelayed() {
            delayed = false;
            held.forEach(this::forward);
            held.clear();
        }

        void cutAll() {
            agents.forEach(NetSocket::close);
        }

        @Override
        public void close() throws Exception {
            server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            cutAll();
        }
    }
}
