package dev.portcullis.gateway.request;

import dev.portcullis.model.proxy.CircuitBreaker;
import java.util.Objects;

/**
 * Identifies one circuit breaker of a gateway: the proxy, the entry that configures it ({@code tool:get_users},
 * {@code resource:users://*}, {@code operation:tools/call}) and its settings. Breakers are kept by slot, so a new
 * snapshot that leaves an entry's settings unchanged keeps the breaker's state, and a changed setting starts a
 * fresh breaker.
 */
public record BreakerSlot(String proxyId, String scope, CircuitBreaker settings) {

    public BreakerSlot {
        Objects.requireNonNull(proxyId, "proxyId");
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(settings, "settings");
    }
}
