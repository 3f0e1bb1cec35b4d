package dev.portcullis.gateway.runtime;

import java.util.Objects;

/**
 * What a sealed session id holds: the upstream's own session id and who may use it.
 *
 * @param proxyId    the proxy the session was opened through
 * @param consumer   the consumer that opened it, as {@code kind:id} (a key id, a JWT or token subject)
 * @param upstreamId the {@code Mcp-Session-Id} the upstream handed out, forwarded to it unchanged
 */
public record SessionBinding(String proxyId, String consumer, String upstreamId) {

    public SessionBinding {
        Objects.requireNonNull(proxyId, "proxyId");
        Objects.requireNonNull(consumer, "consumer");
        Objects.requireNonNull(upstreamId, "upstreamId");
    }

    @Override
    public String toString() {
        return "SessionBinding[proxy=" + proxyId + ", consumer=" + consumer + "]";
    }
}
