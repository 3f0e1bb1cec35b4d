package dev.portcullis.gateway.runtime;

import java.util.Objects;

/**
 * What a sealed session id holds: the upstream's own session id and who may use it.
 *
 * @param proxyId    the proxy the session was opened through
 * @param consumer   the consumer that opened it, as {@code kind:id} (a key id, a JWT or token subject)
 * @param upstreamId the {@code Mcp-Session-Id} the upstream handed out, forwarded to it unchanged
 * @param target     the id of the balanced target that created the session ({@link UpstreamPool.Member#id()}),
 *                   or "" when the proxy did not balance it (it then lives on {@code upstream.url})
 */
public record SessionBinding(String proxyId, String consumer, String upstreamId, String target) {

    public SessionBinding(String proxyId, String consumer, String upstreamId) {
        this(proxyId, consumer, upstreamId, "");
    }

    public SessionBinding {
        Objects.requireNonNull(proxyId, "proxyId");
        Objects.requireNonNull(consumer, "consumer");
        Objects.requireNonNull(upstreamId, "upstreamId");
        Objects.requireNonNull(target, "target");
    }

    @Override
    public String toString() {
        return "SessionBinding[proxy=" + proxyId + ", consumer=" + consumer + "]";
    }
}
