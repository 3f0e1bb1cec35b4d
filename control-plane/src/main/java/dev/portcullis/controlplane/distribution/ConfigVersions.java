package dev.portcullis.controlplane.distribution;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

/**
 * The configuration version: a PostgreSQL sequence whose latest value is kept in the single {@code config_state}
 * row. {@link #bump()} must be the first statement of every configuration change: the row lock it takes serialises
 * changes (so checks such as listen-path conflicts cannot race) and makes versions commit in order. Every
 * transaction that bumps also records the version in history ({@code history.ConfigHistory#record}) once its change
 * is made, so every version can be listed, compared and rolled back to.
 */
@ApplicationScoped
public class ConfigVersions {

    private final EntityManager em;
    private final Event<ConfigChanged> changed;

    ConfigVersions(EntityManager em, Event<ConfigChanged> changed) {
        this.em = em;
        this.changed = changed;
    }

    /**
     * Takes the next version for the current transaction and announces it once the transaction commits: to this
     * replica by a CDI event, to every replica by a PostgreSQL notification on {@value ChangeListener#CHANNEL},
     * which PostgreSQL delivers on commit only (and not at all on rollback).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public long bump() {
        Number version = (Number) em.createNativeQuery("update config_state set version = nextval('config_version_seq'),"
                + " changed_at = now() where id = 1 returning version").getSingleResult();
        em.createNativeQuery("select count(*) from (select pg_notify(?1, ?2)) notified")
                .setParameter(1, ChangeListener.CHANNEL).setParameter(2, Long.toString(version.longValue()))
                .getSingleResult();
        changed.fire(new ConfigChanged(version.longValue()));
        return version.longValue();
    }

    /**
     * The committed version, read under a share lock held until the transaction ends: no change can commit while
     * the caller reads the rest of the configuration, so what it reads is exactly this version.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public long lockCurrent() {
        return ((Number) em.createNativeQuery("select version from config_state where id = 1 for share")
                .getSingleResult()).longValue();
    }

    /**
     * The committed version, read under the same row lock {@link #bump()} takes: nothing else can change the
     * configuration until the transaction ends, so the caller may compare, check and then decide whether to bump.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public long lockForChange() {
        return ((Number) em.createNativeQuery("select version from config_state where id = 1 for update")
                .getSingleResult()).longValue();
    }

    /** The latest committed version, without locking. */
    @Transactional
    public long committed() {
        return ((Number) em.createNativeQuery("select version from config_state where id = 1").getSingleResult())
                .longValue();
    }
}
