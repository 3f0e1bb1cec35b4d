package dev.portcullis.gateway.filter.auth;

import dev.portcullis.gateway.error.GatewayError;
import dev.portcullis.gateway.error.GatewayErrors;
import dev.portcullis.gateway.runtime.ConsumerIdentity;
import dev.portcullis.gateway.filter.auth.introspection.IntrospectionUnavailable;
import dev.portcullis.gateway.filter.auth.jwt.JwtVerifier;
import dev.portcullis.gateway.filter.auth.prm.PublicOrigin;
import dev.portcullis.gateway.runtime.CompiledProxy;
import dev.portcullis.gateway.runtime.OAuthRules;
import dev.portcullis.model.proxy.Jwt;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Turns a bearer token into a {@link ConsumerIdentity}: JWT verification or introspection, then the shared claim
 * rules ({@link ClaimRules}) and the policy rule. Policy ids come from {@code jwt.policyClaim} when configured
 * (string or array), else {@code jwt.defaultPolicies}; ids not in the snapshot are ignored. Unless neither is
 * configured ("any valid token may call"), one of the consumer's policies must grant the proxy, else 403.
 */
final class TokenAuthenticator {

    /** Either the consumer or the error to answer with. */
    sealed interface Outcome {
        record Authenticated(ConsumerIdentity consumer) implements Outcome {
        }

        record Refused(GatewayError error) implements Outcome {
        }
    }

    private final TokenServices services;

    TokenAuthenticator(TokenServices services) {
        this.services = services;
    }

    Future<Outcome> jwt(String token, CompiledProxy proxy, PublicOrigin origin) {
        Jwt jwt = proxy.oauth().authentication().jwt();
        return services.jwt().verify(token, jwt.jwksUrl()).map(result -> {
            if (result instanceof JwtVerifier.Result.Verified verified) {
                return withClaims(consumer(ConsumerIdentity.Kind.JWT,
                        ClaimReader.read(verified.claims(), jwt.subjectClaim(), jwt.policyClaim()),
                        new ClaimRules(jwt.issuer(), audiences(proxy, origin), true), proxy), verified.claims(), proxy);
            }
            return new Outcome.Refused(((JwtVerifier.Result.Refused) result).error());
        });
    }

    Future<Outcome> introspect(String token, CompiledProxy proxy, PublicOrigin origin) {
        Jwt jwt = proxy.oauth().authentication().jwt();
        return services.introspector().introspect(token, proxy.oauth().authentication().introspection())
                .map(answer -> {
                    JsonObject claims = answer.activeClaims();
                    if (claims == null) {
                        return (Outcome) new Outcome.Refused(
                                GatewayErrors.invalidToken("token is not active", "inactive_token"));
                    }
                    TokenClaims read = ClaimReader.read(claims, jwt.subjectClaim(), jwt.policyClaim());
                    if (read.subject() == null) {
                        read = read.withSubject(firstString(claims, "username", "client_id"));
                    }
                    // RFC 7662 makes aud optional: when the server leaves it out, "active" is its answer
                    ClaimRules rules = new ClaimRules(null,
                            read.audiences().isEmpty() ? null : audiences(proxy, origin), false);
                    return withClaims(consumer(ConsumerIdentity.Kind.INTROSPECTION, read, rules, proxy), claims, proxy);
                }).otherwise(failure -> new Outcome.Refused(GatewayErrors.introspectionUnavailable(
                        failure instanceof IntrospectionUnavailable unavailable ? unavailable.getMessage()
                                : "the authorization server could not be asked")));
    }

    private Outcome consumer(ConsumerIdentity.Kind kind, TokenClaims claims, ClaimRules rules,
                             CompiledProxy proxy) {
        Optional<GatewayError> broken = rules.check(claims, services.clock().instant());
        if (broken.isPresent()) {
            return new Outcome.Refused(broken.get());
        }
        OAuthRules oauth = proxy.oauth();
        Jwt jwt = oauth.authentication().jwt();
        List<String> requested = jwt.policyClaim() != null && !claims.policies().isEmpty()
                ? claims.policies() : jwt.defaultPolicies();
        List<String> policies = requested.stream().filter(oauth.knownPolicies()::contains).distinct().toList();
        if (!oauth.anyValidToken() && policies.stream().noneMatch(oauth.grantingPolicies()::contains)) {
            return new Outcome.Refused(GatewayErrors.consumerNotAllowed());
        }
        return new Outcome.Authenticated(new ConsumerIdentity(kind, claims.subject(), null, policies,
                claims.scopes()));
    }

    /** Keeps the claims the proxy's templates name ({@code ${jwt.claims.<name>}}) on the consumer. */
    private static Outcome withClaims(Outcome outcome, JsonObject claims, CompiledProxy proxy) {
        if (outcome instanceof Outcome.Authenticated authenticated && !proxy.templateClaims().isEmpty()) {
            return new Outcome.Authenticated(authenticated.consumer().withClaims(
                    ClaimReader.pick(claims, proxy.templateClaims())));
        }
        return outcome;
    }

    /** The configured audiences, or the URL the agent dialled when PRM is on and none is configured. */
    private static Set<String> audiences(CompiledProxy proxy, PublicOrigin origin) {
        OAuthRules oauth = proxy.oauth();
        if (!oauth.dialledAudience()) {
            return oauth.audiences();
        }
        Set<String> audiences = new HashSet<>(oauth.audiences());
        audiences.add(origin.resource(proxy.listenPath()));
        return audiences;
    }

    private static String firstString(JsonObject claims, String... names) {
        for (String name : names) {
            if (claims.getValue(name) instanceof String value && !value.isBlank()) {
                return value;
            }
        }
        return null;
    }
}
