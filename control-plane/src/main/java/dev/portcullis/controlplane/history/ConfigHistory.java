package dev.portcullis.controlplane.history;

import dev.portcullis.controlplane.audit.CurrentActor;
import dev.portcullis.controlplane.common.PortcullisConfig;
import dev.portcullis.controlplane.distribution.ConfigVersions;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

/**
 * Writes configuration history. Every service method that calls {@link ConfigVersions#bump()} calls
 * {@link #record} once, after its change is made and before it returns: the row joins that transaction, so a change
 * that rolls back leaves no row, and it carries exactly the version the change commits as. Pruning happens in the
 * same transaction, under the version lock, so history never holds more than the configured number of versions.
 */
@ApplicationScoped
@Startup
public class ConfigHistory {

    private final EntityManager em;
    private final CurrentActor actor;
    private final int keep;

    ConfigHistory(EntityManager em, CurrentActor actor, PortcullisConfig config) {
        this.em = em;
        this.actor = actor;
        this.keep = config.configHistory();
        if (keep < 1) {
            throw new IllegalStateException("PORTCULLIS_CONFIG_HISTORY must be at least 1, not " + keep);
        }
    }

    /**
     * Records the version this transaction bumped to, with the proxies and policies as they are now, then prunes
     * the oldest rows beyond the configured count.
     *
     * @param change the summary shown in history, ids only ({@code revoke key 3f2a...})
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void record(String change) {
        em.flush();
        em.createNativeQuery("insert into config_history (version, changed_at, actor, change, proxies, policies)"
                        + " select s.version, s.changed_at, ?1, ?2,"
                        + " (select coalesce(jsonb_agg(p.definition order by p.id collate \"C\"), '[]'::jsonb)"
                        + " from proxy p),"
                        + " (select coalesce(jsonb_agg(p.definition order by p.id collate \"C\"), '[]'::jsonb)"
                        + " from policy p)"
                        + " from config_state s where s.id = 1")
                .setParameter(1, actor.name()).setParameter(2, change).executeUpdate();
        em.createNativeQuery("delete from config_history where version <= (select version from config_history"
                + " order by version desc offset ?1 limit 1)").setParameter(1, keep).executeUpdate();
    }
}
