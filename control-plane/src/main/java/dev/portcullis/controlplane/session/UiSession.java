package dev.portcullis.controlplane.session;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** A dashboard session, keyed by the SHA-256 of the id in the cookie; the id itself is never stored. */
@Entity
@Table(name = "ui_session")
public class UiSession extends PanacheEntityBase {

    @Id
    @Column(name = "id_hash")
    public String idHash;

    @Column(name = "user_id", nullable = false)
    public Long userId;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "last_seen_at", nullable = false)
    public Instant lastSeenAt;

    @Column(name = "expires_at", nullable = false)
    public Instant expiresAt;
}
