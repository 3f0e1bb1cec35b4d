package dev.portcullis.controlplane.history;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/**
 * One configuration version in history: who made it, a short summary, and the proxy definitions and policies as
 * they were after it (JSON arrays sorted by id). Written only by {@link ConfigHistory#record}, never updated.
 */
@Entity
@Table(name = "config_history")
public class HistoryEntry extends PanacheEntityBase {

    @Id
    public long version;

    @Column(name = "changed_at", nullable = false)
    public Instant changedAt;

    @Column(nullable = false)
    public String actor;

    /** A human summary with ids only ({@code update proxy crm}); never key material or secret values. */
    @Column(nullable = false)
    public String change;

    @Column(nullable = false, columnDefinition = "jsonb")
    public String proxies;

    @Column(nullable = false, columnDefinition = "jsonb")
    public String policies;
}
