package dev.portcullis.controlplane.auth;

import dev.portcullis.controlplane.token.ApiTokenService;
import dev.portcullis.controlplane.user.AppUser;
import dev.portcullis.controlplane.user.UserRepository;
import dev.portcullis.model.key.KeyTokens;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

/**
 * Resolves a bearer token against the database on every call, so a revoked token, a disabled user or a lowered
 * role takes effect on the next request. A JWT is an API token ({@link ApiTokenService}); anything else must be the
 * bootstrap admin token, which acts as the first admin user. Blocking: call it on a worker thread.
 */
@ApplicationScoped
public class BearerTokens {

    private final ApiTokenService apiTokens;
    private final AccessTokenRepository accessTokens;
    private final UserRepository users;

    BearerTokens(ApiTokenService apiTokens, AccessTokenRepository accessTokens, UserRepository users) {
        this.apiTokens = apiTokens;
        this.accessTokens = accessTokens;
        this.users = users;
    }

    /** @throws AuthenticationFailedException when the token is unknown, expired, revoked or its user disabled */
    @Transactional
    public SecurityIdentity resolve(String token) {
        if (token.isEmpty()) {
            throw new AuthenticationFailedException("no bearer token");
        }
        if (ApiTokenService.looksLikeJwt(token)) {
            return apiTokens.authenticate(token)
                    .orElseThrow(() -> new AuthenticationFailedException("unknown API token"));
        }
        AccessToken bootstrap = accessTokens.findAdmin(KeyTokens.hash(token))
                .orElseThrow(() -> new AuthenticationFailedException("unknown token"));
        AppUser user = bootstrap.userId == null ? null : users.findById(bootstrap.userId);
        if (user == null || !user.enabled) {
            throw new AuthenticationFailedException("the bootstrap token's user is gone or disabled");
        }
        return Identities.of(user, user.role, AuthAttributes.VIA_TOKEN).build();
    }
}
