package dev.portcullis.gateway.runtime;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Who is calling, once authenticated, whatever the method: a Portcullis key, a JWT or an introspected opaque token.
 * ACLs, scope checks, rate limits and analytics all read this one shape. Safe to log (never holds a credential).
 *
 * @param kind     how the consumer authenticated
 * @param id       the key's id, or the token's subject
 * @param alias    the key's alias (the agent's name); null for tokens
 * @param policies ids of the consumer's policies that exist in the snapshot
 * @param scopes   OAuth scopes granted to a token; empty for keys (keys are governed by policies, not scopes)
 * @param claims   the token's claims that the proxy's templates name ({@code ${jwt.claims.<name>}}), as text;
 *                 empty for keys. Not printed by {@link #toString()}: claims may be personal data.
 */
public record ConsumerIdentity(Kind kind, String id, String alias, List<String> policies, Set<String> scopes,
                               Map<String, String> claims) {

    public enum Kind { KEY, JWT, INTROSPECTION }

    public ConsumerIdentity {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(id, "id");
        policies = List.copyOf(policies);
        scopes = Set.copyOf(scopes);
        claims = Map.copyOf(claims);
    }

    public ConsumerIdentity(Kind kind, String id, String alias, List<String> policies, Set<String> scopes) {
        this(kind, id, alias, policies, scopes, Map.of());
    }

    /** A key consumer. */
    public ConsumerIdentity(String keyId, String alias, List<String> policies) {
        this(Kind.KEY, keyId, alias, policies, Set.of());
    }

    /** The key's id, or null for a token consumer. */
    public String keyId() {
        return kind == Kind.KEY ? id : null;
    }

    /** The same consumer carrying {@code picked} claims. */
    public ConsumerIdentity withClaims(Map<String, String> picked) {
        return new ConsumerIdentity(kind, id, alias, policies, scopes, picked);
    }

    @Override
    public String toString() {
        return "ConsumerIdentity[kind=" + kind + ", id=" + id + ", alias=" + alias + ", policies=" + policies
                + ", scopes=" + scopes + ", claims=" + claims.keySet() + "]";
    }

    /** True for OAuth token consumers (JWT or introspection), to which {@code requiredScopes} apply. */
    public boolean isToken() {
        return kind != Kind.KEY;
    }
}
