package dev.portcullis.controlplane.common;

import dev.portcullis.model.json.Json;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Id;
import jakarta.persistence.MappedSuperclass;
import jakarta.persistence.Version;
import org.hibernate.annotations.ColumnTransformer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;

/**
 * A configuration object as stored: the validated definition as jsonb, its name, and whatever columns queries filter
 * on copied out of it by the subclass. {@code version} is the optimistic lock and the ETag.
 */
@MappedSuperclass
public abstract class StoredDefinition extends PanacheEntityBase {

    @Id
    public String id;

    @Column(nullable = false)
    public String name;

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

    /** The stored definition as {@code type}; it was validated on write, so it is read back without validating. */
    public <D> D definitionAs(Class<D> type) {
        try {
            return Json.mapper().readValue(definition, type);
        } catch (IOException e) {
            throw new UncheckedIOException("stored definition " + id + " is unreadable", e);
        }
    }
}
