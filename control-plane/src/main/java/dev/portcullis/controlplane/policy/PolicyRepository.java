package dev.portcullis.controlplane.policy;

import dev.portcullis.model.policy.Policy;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

@ApplicationScoped
public class PolicyRepository implements PanacheRepositoryBase<StoredPolicy, String> {

    public List<StoredPolicy> allById() {
        return listAll(Sort.by("id"));
    }

    /** The ids among {@code ids} that have no policy, in the order given. */
    public Set<String> missing(Collection<String> ids) {
        if (ids.isEmpty()) {
            return Set.of();
        }
        Set<String> existing = Set.copyOf(getEntityManager()
                .createQuery("select p.id from StoredPolicy p where p.id in :ids", String.class)
                .setParameter("ids", ids).getResultList());
        Set<String> missing = new LinkedHashSet<>(ids);
        missing.removeAll(existing);
        return missing;
    }

    /** Stored definitions were validated on write, so they are read back without validating again. */
    public static Policy definitionOf(StoredPolicy stored) {
        return stored.definitionAs(Policy.class);
    }
}
