package dev.portcullis.controlplane.audit;

import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.ApplicationScoped;

/** Who the current request acts as, for the audit log: the username, or {@code system} outside a request. */
@ApplicationScoped
public class CurrentActor {

    public static final String SYSTEM = "system";

    private final CurrentIdentityAssociation identities;

    CurrentActor(CurrentIdentityAssociation identities) {
        this.identities = identities;
    }

    public String name() {
        SecurityIdentity identity;
        try {
            identity = identities.getIdentity();
        } catch (RuntimeException noRequest) {
            return SYSTEM;
        }
        return identity == null || identity.isAnonymous() ? SYSTEM : identity.getPrincipal().getName();
    }
}
