package dev.portcullis.controlplane.proxy;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import org.hibernate.annotations.ColumnTransformer;

import java.time.Instant;

/**
 * A proxy definition as stored: the validated definition as jsonb, plus the columns queries filter on copied out
 * of it. {@code version} is the optimistic lock and the ETag.
 */
@Entity
@Table(name = "proxy")
public class StoredProxy extends PanacheEntityBase {

    @Id
    public String id;

    @Column(nullable = false)
    public String name;

    @Column(name = "listen_path", nullable = false)
    public String listenPath;

    @Column(name = "gateway_tags", nullable = false, columnDefinition = "text[]")
    public String[] gatewayTags;

    @Column(nullable = false)
    public boolean active;

    /** The normalised definition JSON (defaults filled in); cast on write because the column is jsonb. */
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
