package dev.portcullis.controlplane.auth;

import dev.portcullis.controlplane.session.SessionService;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** Resolves a dashboard session cookie on a worker thread; an unknown or expired session fails authentication. */
@ApplicationScoped
public class SessionIdentityProvider implements IdentityProvider<SessionCookieRequest> {

    private final SessionService sessions;

    SessionIdentityProvider(SessionService sessions) {
        this.sessions = sessions;
    }

    @Override
    public Class<SessionCookieRequest> getRequestType() {
        return SessionCookieRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(SessionCookieRequest request, AuthenticationRequestContext context) {
        return context.runBlocking(() -> sessions.resolve(request.sessionId())
                .map(active -> Identities.of(active.user(), active.user().role, AuthAttributes.VIA_SESSION)
                        .addAttribute(AuthAttributes.CSRF_TOKEN, active.csrfToken())
                        .build())
                .orElseThrow(() -> new AuthenticationFailedException("no such session")));
    }
}
