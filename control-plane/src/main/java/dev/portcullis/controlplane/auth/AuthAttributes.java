package dev.portcullis.controlplane.auth;

import io.quarkus.security.identity.SecurityIdentity;

/** Names of the attributes the control plane puts on a {@link SecurityIdentity}, and typed access to them. */
public final class AuthAttributes {

    /** The {@code app_user.id} of the caller ({@code Long}). */
    public static final String USER_ID = "portcullis.user-id";
    /** How the caller authenticated: {@link #VIA_SESSION} or {@link #VIA_TOKEN}. */
    public static final String VIA = "portcullis.via";
    /** The CSRF token of the caller's dashboard session ({@code String}); absent for token callers. */
    public static final String CSRF_TOKEN = "portcullis.csrf";
    /** The {@code jti} of the API token the caller used; absent for sessions and the bootstrap token. */
    public static final String TOKEN_ID = "portcullis.jti";

    public static final String VIA_SESSION = "session";
    public static final String VIA_TOKEN = "token";

    private AuthAttributes() {
    }

    public static boolean viaSession(SecurityIdentity identity) {
        return VIA_SESSION.equals(identity.getAttribute(VIA));
    }

    public static Long userId(SecurityIdentity identity) {
        return identity.getAttribute(USER_ID);
    }
}
