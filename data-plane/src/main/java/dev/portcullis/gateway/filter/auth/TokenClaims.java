package dev.portcullis.gateway.filter.auth;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The claims of a verified JWT or an active introspection answer that the gateway checks and uses, in one shape
 * so both methods share {@link ClaimRules}.
 *
 * @param subject   the consumer identity (the configured subject claim); null when absent
 * @param issuer    {@code iss}; null when absent
 * @param audiences {@code aud} as a list (a single string becomes one element)
 * @param expiresAt {@code exp}; null when absent
 * @param notBefore {@code nbf}; null when absent
 * @param scopes    from {@code scope} (space separated) or {@code scp} (string or array)
 * @param policies  policy ids from the configured policy claim (empty when none)
 */
public record TokenClaims(String subject, String issuer, List<String> audiences, Instant expiresAt,
                          Instant notBefore, Set<String> scopes, List<String> policies) {

    public TokenClaims {
        audiences = List.copyOf(audiences);
        scopes = Set.copyOf(scopes);
        policies = List.copyOf(policies);
    }

    public TokenClaims withSubject(String value) {
        return Objects.equals(value, subject) ? this
                : new TokenClaims(value, issuer, audiences, expiresAt, notBefore, scopes, policies);
    }
}
