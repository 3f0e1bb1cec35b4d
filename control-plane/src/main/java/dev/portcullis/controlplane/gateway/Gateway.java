package dev.portcullis.controlplane.gateway;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** A gateway that has contacted the feed, as it last described itself. */
@Entity
@Table(name = "gateway")
public class Gateway extends PanacheEntityBase {

    @Id
    public String id;

    @Column(nullable = false, columnDefinition = "text[]")
    public String[] tags;

    @Column(name = "first_seen", nullable = false)
    public Instant firstSeen;

    @Column(name = "last_seen", nullable = false)
    public Instant lastSeen;

    @Column(name = "applied_version")
    public Long appliedVersion;

    @Column(name = "last_rejection_version")
    public Long lastRejectionVersion;

    @Column(name = "last_rejection_reason")
    public String lastRejectionReason;

    @Column(name = "last_rejection_at")
    public Instant lastRejectionAt;
}
