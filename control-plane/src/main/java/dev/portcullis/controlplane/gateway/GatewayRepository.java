package dev.portcullis.controlplane.gateway;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

@ApplicationScoped
public class GatewayRepository implements PanacheRepositoryBase<Gateway, String> {

    /**
     * Inserts the gateway or refreshes its tags and last-seen time, in one statement so concurrent first contacts
     * of one gateway (stream and report together) cannot collide.
     */
    public void upsertSeen(String id, String[] tags, Instant now) {
        getEntityManager().createNativeQuery("insert into gateway (id, tags, first_seen, last_seen)"
                        + " values (?1, cast(?2 as text[]), ?3, ?3)"
                        + " on conflict (id) do update set tags = excluded.tags, last_seen = excluded.last_seen")
                .setParameter(1, id).setParameter(2, toArrayLiteral(tags)).setParameter(3, now).executeUpdate();
    }

    /** Refreshes the last-seen time of every gateway in {@code ids}, in one statement. */
    public void touch(Collection<String> ids, Instant now) {
        getEntityManager().createNativeQuery("update gateway set last_seen = ?1 where id = any(cast(?2 as text[]))")
                .setParameter(1, now).setParameter(2, toArrayLiteral(ids.toArray(String[]::new))).executeUpdate();
    }

    /** Records that {@code replicaId} holds a snapshot stream of the gateway open (the gateway row must exist). */
    public void streamOpened(String gatewayId, String replicaId, Instant now) {
        getEntityManager().createNativeQuery("insert into gateway_stream (gateway_id, replica_id, opened_at,"
                        + " refreshed_at) values (?1, ?2, ?3, ?3)"
                        + " on conflict (gateway_id, replica_id) do update set refreshed_at = excluded.refreshed_at")
                .setParameter(1, gatewayId).setParameter(2, replicaId).setParameter(3, now).executeUpdate();
    }

    public void streamClosed(String gatewayId, String replicaId) {
        getEntityManager().createNativeQuery("delete from gateway_stream where gateway_id = ?1 and replica_id = ?2")
                .setParameter(1, gatewayId).setParameter(2, replicaId).executeUpdate();
    }

    /**
     * Makes the replica's stream rows exactly {@code gatewayIds}, all refreshed now. Recording an open and a close
     * runs on worker threads in no fixed order, so a quick close-and-reopen may leave a row missing or one too many:
     * this repairs both at the next tick.
     */
    public void refreshStreams(String replicaId, Collection<String> gatewayIds, Instant now) {
        String ids = toArrayLiteral(gatewayIds.toArray(String[]::new));
        getEntityManager().createNativeQuery("delete from gateway_stream where replica_id = ?1"
                        + " and not (gateway_id = any(cast(?2 as text[])))")
                .setParameter(1, replicaId).setParameter(2, ids).executeUpdate();
        getEntityManager().createNativeQuery("insert into gateway_stream (gateway_id, replica_id, opened_at,"
                        + " refreshed_at) select id, ?1, ?2, ?2 from gateway where id = any(cast(?3 as text[]))"
                        + " on conflict (gateway_id, replica_id) do update set refreshed_at = excluded.refreshed_at")
                .setParameter(1, replicaId).setParameter(2, now).setParameter(3, ids).executeUpdate();
    }

    /** Gateways with a stream row on any replica refreshed after {@code since}. */
    public Set<String> streaming(Instant since) {
        @SuppressWarnings("unchecked")
        List<String> ids = getEntityManager().createNativeQuery("select distinct gateway_id from gateway_stream"
                + " where refreshed_at > ?1").setParameter(1, since).getResultList();
        return new HashSet<>(ids);
    }

    /** A PostgreSQL array literal; ids and tags are validated to {@code [A-Za-z0-9._:-]}: nothing needs quoting. */
    private static String toArrayLiteral(String[] tags) {
        return "{" + String.join(",", tags) + "}";
    }
}
