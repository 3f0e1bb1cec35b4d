package dev.portcullis.controlplane.secret;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** A secret as stored: ciphertext only ({@link SecretCipher}). {@link #toString()} shows the name alone. */
@Entity
@Table(name = "secret")
public class StoredSecret extends PanacheEntityBase {

    @Id
    public String name;

    @Column(nullable = false)
    public byte[] nonce;

    @Column(nullable = false)
    public byte[] ciphertext;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    @Override
    public String toString() {
        return "StoredSecret[" + name + "]";
    }
}
