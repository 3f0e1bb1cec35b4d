package dev.portcullis.gateway.support;

import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A TCP relay in front of an upstream whose open connections a test can cut (both sides closed at once), as a
 * network blip would: the upstream stays up and takes new connections.
 */
public final class CuttableTcpRelay implements AutoCloseable {

    private final NetServer server;
    private final NetClient client;
    private final Set<NetSocket> open = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    private CuttableTcpRelay(Vertx vertx, int upstreamPort) throws Exception {
        this.client = vertx.createNetClient();
        this.server = vertx.createNetServer().connectHandler(agent -> {
            agent.pause();
            client.connect(upstreamPort, "127.0.0.1").onComplete(connected -> {
                if (connected.failed()) {
                    agent.close();
                    return;
                }
                NetSocket upstream = connected.result();
                open.add(agent);
                open.add(upstream);
                agent.closeHandler(v -> upstream.close());
                upstream.closeHandler(v -> agent.close());
                agent.pipeTo(upstream);
                upstream.pipeTo(agent);
                agent.resume();
            });
        }).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    public static CuttableTcpRelay start(Vertx vertx, int upstreamPort) throws Exception {
        return new CuttableTcpRelay(vertx, upstreamPort);
    }

    public String url() {
        return "http://127.0.0.1:" + server.actualPort();
    }

    /** Closes every connection open through the relay. */
    public void cutAll() {
        open.forEach(NetSocket::close);
        open.clear();
    }

    /** Cuts every connection and stops listening: the port then refuses connections. Idempotent. */
    @Override
    public void close() throws Exception {
        if (closed) {
            return;
        }
        closed = true;
        server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        cutAll();
    }
}
