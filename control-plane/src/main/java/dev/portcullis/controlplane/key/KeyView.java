package dev.portcullis.controlplane.key;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;
import java.util.List;

/**
 * A key as the API shows it: never its hash, and its token only in the create response ({@code key}).
 *
 * @param state {@code active}, {@code revoked}, or {@code expired} (active but past {@code expiresAt})
 * @param certificateFingerprints the client certificates the key is bound to (empty: unbound); not secret, so
 *              shown here and in the audit log
 */
public record KeyView(String id, String alias, List<String> proxies, List<String> policies,
                      List<String> certificateFingerprints, String state,
                      Instant expiresAt, Instant createdAt, Instant revokedAt, Instant lastUsedAt,
                      @JsonInclude(JsonInclude.Include.NON_NULL) String key) {

    /** The key as the API shows it at {@code now}, without a token. */
    public static KeyView of(ApiKey key, Instant now) {
        return withToken(key, now, null);
    }

    static KeyView withToken(ApiKey key, Instant now, String token) {
        String state = ApiKey.REVOKED.equals(key.state) ? ApiKey.REVOKED : key.usable(now) ? ApiKey.ACTIVE : "expired";
        return new KeyView(key.id, key.alias, List.of(key.proxies), List.of(key.policies),
                List.of(key.certificateFingerprints), state, key.expiresAt,
                key.createdAt, key.revokedAt, key.lastUsedAt, token);
    }
}
