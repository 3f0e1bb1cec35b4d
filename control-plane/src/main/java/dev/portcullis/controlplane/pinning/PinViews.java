package dev.portcullis.controlplane.pinning;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portcullis.model.pin.PinMode;

import java.time.Instant;
import java.util.List;

/** What the pinning API and the dashboard show. */
public final class PinViews {

    private PinViews() {
    }

    /** One approved definition. */
    public record Pin(String kind, String name, String hash, JsonNode definition, Instant approvedAt,
                      String approvedBy) {
    }

    /**
     * One change waiting for approval, with the definition approved before it (null for a new primitive), so the
     * two can be shown side by side.
     *
     * @param olderDropped how many older changes of the same primitive were dropped to keep its pending changes at
     *                     {@value PinChangeRecorder#KEPT_PER_PRIMITIVE}
     */
    public record Change(long id, String proxyId, String kind, String name, String hash, JsonNode definition,
                         String approvedHash, JsonNode approvedDefinition, String mode, String firstGateway,
                         Instant firstSeen, Instant lastSeen, int reports, long olderDropped) {
    }

    /** One page of pending changes, newest first, paged like the audit log. */
    public record ChangePage(List<Change> entries, int page, int size, boolean hasMore) {
    }

    /** A proxy's pinning: its mode, its pins and its pending changes. */
    public record Pinning(String proxyId, PinMode mode, List<Pin> pins, List<Change> pending) {
    }

    /** What "approve all current" did. */
    public record Approved(String proxyId, int pinned, int removed, int changesApproved) {
    }
}
