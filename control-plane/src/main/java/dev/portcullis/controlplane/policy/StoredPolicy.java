package dev.portcullis.controlplane.policy;

import dev.portcullis.controlplane.common.StoredDefinition;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/** A policy as stored, with the ids of the proxies its access rights grant copied out for lookups. */
@Entity
@Table(name = "policy")
public class StoredPolicy extends StoredDefinition {

    @Column(nullable = false, columnDefinition = "text[]")
    public String[] proxies;
}
