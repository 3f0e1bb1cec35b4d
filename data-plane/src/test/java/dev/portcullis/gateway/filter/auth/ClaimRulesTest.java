package dev.portcullis.gateway.filter.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.gateway.error.GatewayError;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ClaimRulesTest {

    private static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");
    private static final ClaimRules RULES = new ClaimRules("https://as.example.com",
            Set.of("https://mcp.example.com/mcp"), true);

    private static JsonObject claims() {
        return new JsonObject().put("iss", "https://as.example.com").put("sub", "agent")
                .put("aud", "https://mcp.example.com/mcp").put("exp", NOW.getEpochSecond() + 300);
    }

    private static Optional<String> reason(JsonObject claims, ClaimRules rules) {
        return rules.check(ClaimReader.read(claims, "sub", null), NOW).map(GatewayError::reason);
    }

    @Test
    void acceptsAValidToken() {
        assertThat(reason(claims(), RULES)).isEmpty();
    }

    @Test
    void refusesAnExpiredTokenBeyondTheClockSkew() {
        assertThat(reason(claims().put("exp", NOW.getEpochSecond() - 61), RULES)).hasValue("token_expired");
        assertThat(reason(claims().put("exp", NOW.getEpochSecond() - 59), RULES)).isEmpty();
    }

    @Test
    void refusesATokenNotValidYetBeyondTheClockSkew() {
        assertThat(reason(claims().put("nbf", NOW.getEpochSecond() + 61), RULES)).hasValue("token_not_yet_valid");
        assertThat(reason(claims().put("nbf", NOW.getEpochSecond() + 59), RULES)).isEmpty();
    }

    @Test
    void refusesAJwtWithoutExpiry() {
        assertThat(reason(claims().put("exp", null), RULES)).hasValue("token_without_expiry");
        assertThat(reason(claims().put("exp", null), new ClaimRules(null, null, false))).isEmpty();
    }

    @Test
    void requiresTheConfiguredIssuer() {
        assertThat(reason(claims().put("iss", "https://other.example.com"), RULES)).hasValue("invalid_issuer");
        assertThat(reason(claims().put("iss", null), RULES)).hasValue("invalid_issuer");
    }

    @Test
    void requiresOneAcceptedAudienceInAStringOrAnArray() {
        assertThat(reason(claims().put("aud", "https://other.example.com"), RULES)).hasValue("invalid_audience");
        assertThat(reason(claims().put("aud", new JsonArray().add("x").add("https://mcp.example.com/mcp")), RULES))
                .isEmpty();
        assertThat(reason(claims().put("aud", null), RULES)).hasValue("invalid_audience");
        assertThat(reason(claims(), new ClaimRules(null, Set.of(), true))).hasValue("invalid_audience");
    }

    @Test
    void requiresASubject() {
        assertThat(reason(claims().put("sub", null), RULES)).hasValue("token_without_subject");
    }

    @Test
    void readsScopesFromScopeOrScpAndPoliciesFromTheConfiguredClaim() {
        TokenClaims spaced = ClaimReader.read(claims().put("scope", "a b  c"), "sub", null);
        TokenClaims array = ClaimReader.read(claims().put("scp", new JsonArray().add("x").add("y")), "sub", null);
        TokenClaims policies = ClaimReader.read(claims().put("roles", new JsonArray().add("p1").add(3)), "sub",
                "roles");

        assertThat(spaced.scopes()).containsExactlyInAnyOrder("a", "b", "c");
        assertThat(array.scopes()).containsExactlyInAnyOrder("x", "y");
        assertThat(policies.policies()).containsExactly("p1");
    }
}
