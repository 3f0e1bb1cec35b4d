package dev.portcullis.controlplane.auth;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.Optional;

@ApplicationScoped
public class AccessTokenRepository implements PanacheRepositoryBase<AccessToken, Long> {

    public List<String> hashes(AccessToken.Kind kind) {
        return find("kind", kind).stream().map(token -> token.tokenHash).toList();
    }

    public Optional<AccessToken> findAdmin(String tokenHash) {
        return find("kind = ?1 and tokenHash = ?2", AccessToken.Kind.admin, tokenHash).firstResultOptional();
    }

    public List<AccessToken> admins() {
        return list("kind", AccessToken.Kind.admin);
    }

    /**
     * Serialises first-start bootstraps of several control-plane instances on one database until the transaction
     * ends, so only one of them creates the first token.
     */
    public void lockForBootstrap() {
        getEntityManager().createNativeQuery("select pg_advisory_xact_lock(7357001)").getSingleResult();
    }
}
