package dev.portcullis.controlplane.proxy;

import dev.portcullis.model.proxy.ProxyDefinition;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

@ApplicationScoped
public class ProxyRepository implements PanacheRepositoryBase<StoredProxy, String> {

    public List<StoredProxy> allById() {
        return listAll(Sort.by("id"));
    }

    public List<StoredProxy> activeById() {
        return list("active", Sort.by("id"), true);
    }

    /** The ids among {@code ids} that have no proxy. */
    public Set<String> missing(Collection<String> ids) {
        if (ids.isEmpty()) {
            return Set.of();
        }
        Set<String> existing = Set.copyOf(getEntityManager()
                .createQuery("select p.id from StoredProxy p where p.id in :ids", String.class)
                .setParameter("ids", ids).getResultList());
        return ids.stream().filter(id -> !existing.contains(id))
                .collect(Collectors.toCollection(LinkedHashSet::new));
    }

    /** Stored definitions were validated on write, so they are read back without validating again. */
    public static ProxyDefinition definitionOf(StoredProxy stored) {
        return stored.definitionAs(ProxyDefinition.class);
    }
}
