package dev.portcullis.controlplane.auth;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** A token that may call the control plane, stored as the lowercase hex SHA-256 of the token, never the token. */
@Entity
@Table(name = "access_token")
public class AccessToken extends PanacheEntityBase {

    public enum Kind { admin, gateway }

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Kind kind;

    @Column(name = "token_hash", nullable = false, unique = true)
    public String tokenHash;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    /** The user an admin token acts as (the first admin); null for the gateway token. */
    @Column(name = "user_id")
    public Long userId;

    public static AccessToken of(Kind kind, String tokenHash) {
        AccessToken token = new AccessToken();
        token.kind = kind;
        token.tokenHash = tokenHash;
        token.createdAt = Instant.now();
        return token;
    }
}
