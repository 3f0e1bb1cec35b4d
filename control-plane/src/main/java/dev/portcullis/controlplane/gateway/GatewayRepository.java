package dev.portcullis.controlplane.gateway;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.Collection;

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

    /** A PostgreSQL array literal; ids and tags are validated to {@code [A-Za-z0-9._:-]}: nothing needs quoting. */
    private static String toArrayLiteral(String[] tags) {
        return "{" + String.join(",", tags) + "}";
    }
}
