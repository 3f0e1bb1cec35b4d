package dev.portcullis.controlplane.pinning;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.ColumnTransformer;

import java.time.Instant;

/** The approved definition of one primitive of a proxy: its hash and the hashed members, as JSON. */
@Entity
@Table(name = "tool_pin")
public class ToolPin extends PanacheEntityBase {

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

    @Column(nullable = false, columnDefinition = "jsonb")
    @ColumnTransformer(write = "?::jsonb")
    public String definition;

    @Column(name = "approved_at", nullable = false)
    public Instant approvedAt;

    @Column(name = "approved_by", nullable = false)
    public String approvedBy;
}
