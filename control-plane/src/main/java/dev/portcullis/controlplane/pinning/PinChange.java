package dev.portcullis.controlplane.pinning;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

import java.time.Instant;

/**
 * A definition some gateway saw an upstream list that is not the approved one (or a primitive with none
 * approved), waiting for an administrator. One row per proxy, primitive and hash; approving it deletes it.
 */
@Entity
@Table(name = "pin_change")
public class PinChange extends PinnedDefinition {

    /** The hash approved when the change was first seen; null for a primitive that had none. */
    @Column(name = "approved_hash")
    public String approvedHash;

    @Column(nullable = false)
    public String mode;

    @Column(name = "first_gateway", nullable = false)
    public String firstGateway;

    @Column(name = "first_seen", nullable = false)
    public Instant firstSeen;

    @Column(name = "last_seen", nullable = false)
    public Instant lastSeen;

    @Column(nullable = false)
    public int reports;
}
