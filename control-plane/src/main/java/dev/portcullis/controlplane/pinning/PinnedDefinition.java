package dev.portcullis.controlplane.pinning;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.MappedSuperclass;
import org.hibernate.annotations.ColumnTransformer;

/**
 * A definition of one primitive of a proxy, approved ({@link ToolPin}) or waiting for approval ({@link PinChange}):
 * the kind ({@code tool}, {@code prompt}, {@code resourceTemplate}), the name, the hash and the hashed members.
 */
@MappedSuperclass
public abstract class PinnedDefinition extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "proxy_id", nullable = false)
    public String proxyId;

    @Column(nullable = false)
    public String kind;

    @Column(nullable = false)
    public String name;

    @Column(nullable = false)
    public String hash;

    /** The hashed members as JSON; cast on write because the column is jsonb. */
    @Column(nullable = false, columnDefinition = "jsonb")
    @ColumnTransformer(write = "?::jsonb")
    public String definition;
}
