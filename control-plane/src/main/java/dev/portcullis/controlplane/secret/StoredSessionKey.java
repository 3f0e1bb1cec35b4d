package dev.portcullis.controlplane.secret;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/**
 * A session key as stored: ciphertext under the master key ({@link SecretCipher}, name {@code session-key.<id>}).
 * Current while {@link #retiredAt} is null; once retired it still opens session ids until {@link #openUntil}.
 */
@Entity
@Table(name = "session_key")
public class StoredSessionKey extends PanacheEntityBase {

    @Id
    public int id;

    @Column(nullable = false)
    public byte[] nonce;

    @Column(nullable = false)
    public byte[] ciphertext;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "retired_at")
    public Instant retiredAt;

    @Column(name = "open_until")
    public Instant openUntil;

    @Override
    public String toString() {
        return "StoredSessionKey[" + id + "]";
    }
}
