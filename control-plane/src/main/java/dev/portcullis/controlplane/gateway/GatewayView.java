package dev.portcullis.controlplane.gateway;

import java.time.Instant;
import java.util.List;

/**
 * A gateway as {@code GET /api/gateways} shows it.
 *
 * @param appliedVersion the snapshot version it last reported serving; null before its first report
 * @param lastRejection  the last snapshot it refused; null if none
 * @param connected      whether it holds a snapshot stream open to any control-plane replica now
 */
public record GatewayView(String id, List<String> tags, Instant lastSeen, Long appliedVersion,
                          Rejection lastRejection, boolean connected) {

    public record Rejection(Long version, String reason, Instant at) {
    }

    /** Whether it has applied configuration version {@code current} (or a later one). */
    public boolean serves(long current) {
        return appliedVersion != null && appliedVersion >= current;
    }

    static GatewayView of(Gateway gateway, boolean connected) {
        Rejection rejection = gateway.lastRejectionAt == null ? null
                : new Rejection(gateway.lastRejectionVersion, gateway.lastRejectionReason, gateway.lastRejectionAt);
        return new GatewayView(gateway.id, List.of(gateway.tags), gateway.lastSeen, gateway.appliedVersion,
                rejection, connected);
    }
}
