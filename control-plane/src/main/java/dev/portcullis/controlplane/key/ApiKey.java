package dev.portcullis.controlplane.key;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import java.time.Instant;

/**
 * A consumer key. Only the SHA-256 of the token is stored; the token itself exists once, in the create response.
 * Revoking keeps the row ({@code state = revoked}, {@code revokedAt}) for audit and analytics.
 */
@Entity
@Table(name = "api_key")
public class ApiKey extends PanacheEntityBase {

    public static final String ACTIVE = "active";
    public static final String REVOKED = "revoked";

    @Id
    public String id;

    @Column(nullable = false)
    public String alias;

    @Column(name = "token_hash", nullable = false, unique = true)
    public String tokenHash;

    @Column(nullable = false, columnDefinition = "text[]")
    public String[] proxies;

    @Column(nullable = false, columnDefinition = "text[]")
    public String[] policies;

    /** SHA-256 fingerprints (canonical form) of the client certificates the key is bound to; empty = unbound. */
    @Column(name = "certificate_fingerprints", nullable = false, columnDefinition = "text[]")
    public String[] certificateFingerprints = new String[0];

    /** {@link #ACTIVE} or {@link #REVOKED}; "expired" is derived from {@link #expiresAt}, not stored. */
    @Column(nullable = false)
    public String state;

    @Column(name = "expires_at")
    public Instant expiresAt;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "revoked_at")
    public Instant revokedAt;

    /** Written only by analytics ingestion ({@code KeyLastUse}), never by the key's own updates. */
    @Column(name = "last_used_at", insertable = false, updatable = false)
    public Instant lastUsedAt;

    @Version
    @Column(nullable = false)
    public long version;

    public boolean usable(Instant now) {
        return ACTIVE.equals(state) && (expiresAt == null || now.isBefore(expiresAt));
    }
}
