package dev.portcullis.gateway.proxy;

import io.netty.buffer.PooledByteBufAllocator;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.net.impl.ConnectionBase;
import java.time.Duration;
import org.jboss.logging.Logger;

/** The HTTP client an event loop sends its upstream requests (and virtual servers' member legs) with. */
public final class UpstreamClient {

    private static final Logger LOG = Logger.getLogger(UpstreamClient.class);

    private UpstreamClient() {
    }

    /**
     * An HTTP/1.1 client with up to {@code poolSize} connections per host, each kept {@code keepAlive} when idle
     * (at least a second), writing from pooled buffers ({@link #pooledWrites}). The request that used a failing
     * connection learns of it and answers the agent (UpstreamForwarder, the virtual dispatcher); without the connect
     * handler Vert.x would also log each reset as an ERROR line with no context.
     */
    public static HttpClient create(Vertx vertx, int poolSize, Duration keepAlive) {
        return vertx.httpClientBuilder()
                .with(new HttpClientOptions()
                        .setProtocolVersion(HttpVersion.HTTP_1_1)
                        .setKeepAlive(true)
                        .setKeepAliveTimeout((int) Math.max(1, keepAlive.toSeconds()))
                        .setConnectTimeout(10_000)
                        .setDecompressionSupported(false))
                .with(new PoolOptions().setHttp1MaxSize(poolSize))
                .withConnectHandler(connection -> {
                    pooledWrites(connection);
                    connection.exceptionHandler(error -> LOG.debugf("upstream connection to %s failed: %s",
                            connection.remoteAddress(), error.getMessage()));
                })
                .build();
    }

    /**
     * Gives a plain-TCP connection Netty's pooled allocator, as a plain Vert.x server has. Vert.x gives its clients a
     * partly pooled allocator whose {@code buffer()} is an unpooled heap buffer: every upstream request was encoded
     * into a new heap buffer (zeroed, and counted in a shared counter) that Netty then copied into a pooled direct
     * buffer to write it; with the pooled allocator the encoder writes into a pooled buffer at once (a direct one
     * wherever Netty prefers direct buffers, its default). A TLS connection keeps the allocator Vert.x chose for it.
     * Called by the connect handler, before the connection carries its first request.
     */
    static void pooledWrites(HttpConnection connection) {
        if (!connection.isSsl() && connection instanceof ConnectionBase base) {
            base.channel().config().setAllocator(PooledByteBufAllocator.DEFAULT);
        }
    }
}
