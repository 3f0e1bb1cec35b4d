package dev.portcullis.controlplane.auth;

import dev.portcullis.controlplane.user.AppUser;
import dev.portcullis.controlplane.user.Role;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;

/** Builds the security identity of an authenticated caller: the username, the role and every role it implies. */
public final class Identities {

    private Identities() {
    }

    public static QuarkusSecurityIdentity.Builder of(AppUser user, Role role, String via) {
        return QuarkusSecurityIdentity.builder()
                .setPrincipal(new QuarkusPrincipal(user.username))
                .addRoles(role.granted())
                .addAttribute(AuthAttributes.USER_ID, user.id)
                .addAttribute(AuthAttributes.VIA, via);
    }

    /**
     * The highest role the identity carries: what the credential actually used may do (a session: the user's role;
     * an API token: the lower of its role and its owner's). Null for an identity without any dashboard role.
     */
    public static Role effectiveRole(SecurityIdentity identity) {
        Role highest = null;
        for (Role role : Role.values()) {
            if (identity.hasRole(role.name())) {
                highest = role;
            }
        }
        return highest;
    }
}
