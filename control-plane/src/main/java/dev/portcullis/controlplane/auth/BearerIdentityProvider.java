package dev.portcullis.controlplane.auth;

import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** Resolves a bearer token with {@link BearerTokens} on a worker thread. */
@ApplicationScoped
public class BearerIdentityProvider implements IdentityProvider<BearerTokenRequest> {

    private final BearerTokens tokens;

    BearerIdentityProvider(BearerTokens tokens) {
        this.tokens = tokens;
    }

    @Override
    public Class<BearerTokenRequest> getRequestType() {
        return BearerTokenRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(BearerTokenRequest request, AuthenticationRequestContext context) {
        return context.runBlocking(() -> tokens.resolve(request.token()));
    }
}
