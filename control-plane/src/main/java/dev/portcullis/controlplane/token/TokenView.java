package dev.portcullis.controlplane.token;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.portcullis.controlplane.user.Role;

import java.time.Instant;

/** An API token as the API shows it; {@code token} only in the create response. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TokenView(String id, String name, String owner, Role role, Instant createdAt, Instant expiresAt,
                        Instant revokedAt, String token) {

    static TokenView of(ApiToken token, String owner, String jwt) {
        return new TokenView(token.jti, token.name, owner, token.role, token.createdAt, token.expiresAt,
                token.revokedAt, jwt);
    }
}
