package dev.portcullis.gateway.observe.analytics;

import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP forwarder to a real Redis on a fixed local port that a test opens and closes, to make Redis unreachable
 * and reachable again without touching the shared server.
 */
final class RedisDoorway implements AutoCloseable {

    private final Vertx vertx;
    private final int port;
    private final String redisHost;
    private final int redisPort;
    private final List<NetSocket> sockets = new ArrayList<>();
    private final AtomicInteger accepted = new AtomicInteger();
    private NetServer server;
    private NetClient client;

    RedisDoorway(Vertx vertx, int port, String redisHost, int redisPort) {
        this.vertx = vertx;
        this.port = port;
        this.redisHost = redisHost;
        this.redisPort = redisPort;
    }

    String url() {
        return "redis://127.0.0.1:" + port;
    }

    /** Connections accepted since this doorway was created. */
    int acceptedConnections() {
        return accepted.get();
    }

    void open() throws Exception {
        client = vertx.createNetClient();
        server = vertx.createNetServer().connectHandler(agent -> {
            accepted.incrementAndGet();
            agent.pause();
            client.connect(redisPort, redisHost).onSuccess(redis -> {
                synchronized (sockets) {
                    sockets.add(agent);
                    sockets.add(redis);
                }
                agent.pipeTo(redis);
                redis.pipeTo(agent);
                agent.resume();
            }).onFailure(error -> agent.close());
        });
        server.listen(port, "127.0.0.1").toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    /** Stops accepting and cuts every forwarded connection. */
    void shut() throws Exception {
        if (server != null) {
            server.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
            server = null;
        }
        synchronized (sockets) {
            sockets.forEach(NetSocket::close);
            sockets.clear();
        }
        if (client != null) {
            client.close();
            client = null;
        }
    }

    @Override
    public void close() throws Exception {
        shut();
    }
}
