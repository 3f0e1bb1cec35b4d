package dev.portcullis.controlplane.policy;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import org.hibernate.annotations.ColumnTransformer;

import java.time.Instant;

/**
 * A policy as stored: the validated definition as jsonb, plus the ids of the proxies its access rights grant
 * (copied out for lookups). {@code version} is the optimistic lock and the ETag.
 */
@Entity
@Table(name = "policy")
public class StoredPolicy extends PanacheEntityBase {

    @Id
    public String id;

    @Column(nullable = false)
    public String name;

    @Column(nullable = false, columnDefinition = "text[]")
    public String[] proxies;

    /** The normalised camelCase definition; cast on write because the column is jsonb. */
    @Column(nullable = false, columnDefinition = "jsonb")
    @ColumnTransformer(write = "?::jsonb")
    public String definition;

    @Version
    @Column(nullable = false)
    public long version;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;
}
