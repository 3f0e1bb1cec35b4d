package dev.portcullis.controlplane.secret;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Collection;
import java.util.List;

@ApplicationScoped
public class SecretRepository implements PanacheRepositoryBase<StoredSecret, String> {

    public List<StoredSecret> allByName() {
        return listAll(Sort.by("name"));
    }

    public List<StoredSecret> named(Collection<String> names) {
        return names.isEmpty() ? List.of() : list("name in ?1", names);
    }
}
