package dev.portcullis.gateway.proxy;

import io.netty.buffer.PooledByteBufAllocator;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.net.impl.ConnectionBase;

/**
 * Gives a plain-TCP upstream connection the pooled buffer allocator that the gateway's agent side already has.
 *
 * <p>Vert.x gives its clients a partly pooled allocator whose {@code buffer()} is an unpooled heap buffer: every
 * upstream request's head and body were encoded into a new heap buffer (zeroed, and counted in a shared counter),
 * which Netty then copied into a pooled direct buffer to write it. With the pooled allocator the encoder writes into
 * the pooled direct buffer at once. A TLS connection keeps Vert.x's choice (its engine's buffers are sized for it).
 */
public final class PooledWrites {

    private PooledWrites() {
    }

    /** For a client's connect handler: called before the connection carries its first request. */
    public static void use(HttpConnection connection) {
        if (!connection.isSsl() && connection instanceof ConnectionBase base) {
            base.channel().config().setAllocator(PooledByteBufAllocator.DEFAULT);
        }
    }
}
