package dev.portcullis.gateway.filter.auth;

import dev.portcullis.gateway.error.GatewayError;
import dev.portcullis.gateway.error.GatewayErrors;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * The checks every bearer token passes, JWT or introspected: a subject, not expired, already valid, the expected
 * issuer and one of the accepted audiences. Clock skew of {@link #SKEW} either way.
 *
 * @param issuer    required {@code iss}; null accepts any
 * @param audiences accepted {@code aud} values; the token must name at least one (empty refuses every token);
 *                  null skips the audience check (an introspection answer without {@code aud})
 * @param expiryRequired refuse a token without {@code exp} (JWTs; an introspection answer may omit it)
 */
public record ClaimRules(String issuer, Set<String> audiences, boolean expiryRequired) {

    public static final Duration SKEW = Duration.ofSeconds(60);

    public ClaimRules {
        audiences = audiences == null ? null : Set.copyOf(audiences);
    }

    /** The first rule {@code claims} breaks at {@code now}, or empty when the token is acceptable. */
    public Optional<GatewayError> check(TokenClaims claims, Instant now) {
        if (claims.expiresAt() == null && expiryRequired) {
            return Optional.of(GatewayErrors.invalidToken("token has no expiry", "token_without_expiry"));
        }
        if (claims.expiresAt() != null && !now.minus(SKEW).isBefore(claims.expiresAt())) {
            return Optional.of(GatewayErrors.invalidToken("token has expired", "token_expired"));
        }
        if (claims.notBefore() != null && now.plus(SKEW).isBefore(claims.notBefore())) {
            return Optional.of(GatewayErrors.invalidToken("token is not valid yet", "token_not_yet_valid"));
        }
        if (issuer != null && !issuer.equals(claims.issuer())) {
            return Optional.of(GatewayErrors.invalidToken("token was issued by another issuer", "invalid_issuer"));
        }
        if (audiences != null && claims.audiences().stream().noneMatch(audiences::contains)) {
            return Optional.of(GatewayErrors.invalidToken("token is meant for another audience", "invalid_audience"));
        }
        if (claims.subject() == null || claims.subject().isBlank()) {
            return Optional.of(GatewayErrors.invalidToken("token has no subject", "token_without_subject"));
        }
        return Optional.empty();
    }
}
