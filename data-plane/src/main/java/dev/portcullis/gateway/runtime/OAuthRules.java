package dev.portcullis.gateway.runtime;

import dev.portcullis.gateway.upstream.SecretResolver;
import dev.portcullis.model.policy.Policy;
import dev.portcullis.model.proxy.Authentication;
import dev.portcullis.model.proxy.Introspection;
import dev.portcullis.model.proxy.ProxyDefinition;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A proxy's bearer-token settings (JWT, introspection, Protected Resource Metadata), prepared once per snapshot.
 *
 * @param audiences         accepted {@code aud} values: the configured PRM {@code resource} and {@code jwt.audiences}
 * @param dialledAudience   true when none is configured and PRM is on: the URL the agent dialled is the audience
 * @param grantingPolicies  ids of the snapshot's policies that grant this proxy
 * @param knownPolicies     ids of every policy in the snapshot (a token naming another id has it ignored)
 * @param anyValidToken     no policy claim and no default policies: every valid token may call the proxy
 * @param challengeScope    {@code scopesSupported} joined by spaces for {@code WWW-Authenticate}; null when empty
 */
public record OAuthRules(Authentication authentication, Set<String> audiences, boolean dialledAudience,
                         Set<String> grantingPolicies, Set<String> knownPolicies, boolean anyValidToken,
                         RequiredScopes requiredScopes, String challengeScope) {

    public OAuthRules {
        Objects.requireNonNull(authentication, "authentication");
        audiences = Set.copyOf(audiences);
        grantingPolicies = Set.copyOf(grantingPolicies);
        knownPolicies = Set.copyOf(knownPolicies);
        Objects.requireNonNull(requiredScopes, "requiredScopes");
    }

    public static OAuthRules of(ProxyDefinition definition, List<Policy> policies) {
        return of(definition, policies, SecretResolver.LITERAL);
    }

    /** @param secrets resolves a {@code ${secret:...}} introspection client secret (off the event loop) */
    public static OAuthRules of(ProxyDefinition definition, List<Policy> policies, SecretResolver secrets) {
        Authentication auth = withResolvedIntrospectionSecret(definition.authentication(), secrets);
        Set<String> audiences = new HashSet<>(auth.jwt().audiences());
        var prm = auth.protectedResourceMetadata();
        if (prm.enabled() && prm.resource() != null) {
            audiences.add(prm.resource());
        }
        Set<String> granting = new HashSet<>();
        Set<String> known = new HashSet<>();
        for (Policy policy : policies) {
            known.add(policy.id());
            if (policy.accessRights().containsKey(definition.id())) {
                granting.add(policy.id());
            }
        }
        return new OAuthRules(auth, audiences, audiences.isEmpty() && prm.enabled(), granting, known,
                auth.jwt().policyClaim() == null && auth.jwt().defaultPolicies().isEmpty(),
                RequiredScopes.of(definition),
                prm.scopesSupported().isEmpty() ? null : String.join(" ", prm.scopesSupported()));
    }

    private static Authentication withResolvedIntrospectionSecret(Authentication auth, SecretResolver secrets) {
        Introspection introspection = auth.introspection();
        if (!introspection.enabled() || introspection.clientSecret() == null) {
            return auth;
        }
        String secret;
        try {
            secret = secrets.resolve(introspection.clientSecret());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("authentication.introspection.clientSecret: " + e.getMessage(), e);
        }
        return new Authentication(auth.enabled(), auth.authToken(), auth.jwt(),
                new Introspection(true, introspection.endpoint(), introspection.clientId(), secret,
                        introspection.cacheSeconds()),
                auth.protectedResourceMetadata());
    }

    public boolean jwtEnabled() {
        return authentication.enabled() && authentication.jwt().enabled();
    }

    public boolean introspectionEnabled() {
        return authentication.enabled() && authentication.introspection().enabled();
    }

    public boolean keysEnabled() {
        return authentication.enabled() && authentication.authToken().enabled();
    }

    public boolean metadataEnabled() {
        return authentication.protectedResourceMetadata().enabled();
    }

    /** True when a bearer token (not a key) can authenticate on this proxy. */
    public boolean tokensEnabled() {
        return jwtEnabled() || introspectionEnabled();
    }
}
