package dev.portcullis.controlplane.user;

import dev.portcullis.model.validation.FieldRules;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.Optional;

@ApplicationScoped
public class UserRepository implements PanacheRepositoryBase<AppUser, Long> {

    /**
     * Empty for text no username can hold (NUL, unpaired surrogates: the sign-in form passes anything typed), which
     * PostgreSQL would refuse as a query parameter.
     */
    public Optional<AppUser> findByUsername(String username) {
        if (!FieldRules.isStorableText(username)) {
            return Optional.empty();
        }
        return find("lower(username) = lower(?1)", username).firstResultOptional();
    }

    public List<AppUser> allByUsername() {
        return list("order by lower(username)");
    }

    public long countEnabledAdmins() {
        return count("role = ?1 and enabled = true", Role.admin);
    }

    /** Serialises changes that could remove the last enabled admin until the transaction ends. */
    public void lockAdmins() {
        getEntityManager().createNativeQuery("select pg_advisory_xact_lock(7357002)").getSingleResult();
    }
}
