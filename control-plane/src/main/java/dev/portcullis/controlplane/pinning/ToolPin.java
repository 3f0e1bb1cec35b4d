package dev.portcullis.controlplane.pinning;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

import java.time.Instant;

/** The approved definition of one primitive of a proxy. */
@Entity
@Table(name = "tool_pin")
public class ToolPin extends PinnedDefinition {

    @Column(name = "approved_at", nullable = false)
    public Instant approvedAt;

    @Column(name = "approved_by", nullable = false)
    public String approvedBy;
}
