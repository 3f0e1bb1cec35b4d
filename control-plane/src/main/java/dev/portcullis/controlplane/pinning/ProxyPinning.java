package dev.portcullis.controlplane.pinning;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** A proxy's pinning mode; a proxy without a row is {@code off}. */
@Entity
@Table(name = "proxy_pinning")
public class ProxyPinning extends PanacheEntityBase {

    @Id
    @Column(name = "proxy_id")
    public String proxyId;

    @Column(nullable = false)
    public String mode;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    @Column(name = "updated_by", nullable = false)
    public String updatedBy;
}
