package dev.portcullis.gateway.filter.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.gateway.runtime.OAuthRules;
import dev.portcullis.gateway.support.TestProxies;
import java.util.List;
import org.junit.jupiter.api.Test;

class CredentialMethodTest {

    private static final String JWT = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhIn0.c2ln";

    private static OAuthRules rules(String authentication) {
        return OAuthRules.of(TestProxies.definition("p", "/p/", "http://127.0.0.1:1",
                "\"authentication\":" + authentication + ","), List.of());
    }

    private static final OAuthRules ALL = rules("""
            {"jwt":{"enabled":true,"jwksUrl":"http://as/jwks"},
             "introspection":{"enabled":true,"endpoint":"http://as/introspect"}}""");

    @Test
    void choosesKeyForAPortcullisKeyWhenKeysAreReadFromAuthorization() {
        assertThat(CredentialMethod.select("pcs_abc", ALL, true)).isEqualTo(CredentialMethod.KEY);
    }

    @Test
    void choosesJwtForAThreePartTokenWhenJwtIsEnabled() {
        assertThat(CredentialMethod.select(JWT, ALL, true)).isEqualTo(CredentialMethod.JWT);
    }

    @Test
    void choosesIntrospectionForAnOpaqueToken() {
        assertThat(CredentialMethod.select("opaque-token", ALL, true)).isEqualTo(CredentialMethod.INTROSPECTION);
        assertThat(CredentialMethod.select("pcs_abc", ALL, false)).isEqualTo(CredentialMethod.INTROSPECTION);
    }

    @Test
    void sendsAJwtToIntrospectionWhenOnlyIntrospectionIsEnabled() {
        OAuthRules introspectionOnly = rules("""
                {"authToken":{"enabled":false},"introspection":{"enabled":true,"endpoint":"http://as/i"}}""");
        assertThat(CredentialMethod.select(JWT, introspectionOnly, false)).isEqualTo(CredentialMethod.INTROSPECTION);
    }

    @Test
    void fallsBackToKeysOrNothing() {
        OAuthRules jwtAndKeys = rules("""
                {"jwt":{"enabled":true,"jwksUrl":"http://as/jwks"}}""");
        OAuthRules jwtOnly = rules("""
                {"authToken":{"enabled":false},"jwt":{"enabled":true,"jwksUrl":"http://as/jwks"}}""");

        assertThat(CredentialMethod.select("opaque", jwtAndKeys, true)).isEqualTo(CredentialMethod.KEY);
        assertThat(CredentialMethod.select("opaque", jwtOnly, false)).isEqualTo(CredentialMethod.NONE);
    }

    @Test
    void recognisesTheShapeOfACompactJws() {
        assertThat(CredentialMethod.looksLikeJwt(JWT)).isTrue();
        assertThat(CredentialMethod.looksLikeJwt("a.b")).isFalse();
        assertThat(CredentialMethod.looksLikeJwt("a.b.")).isFalse();
        assertThat(CredentialMethod.looksLikeJwt("a..c")).isFalse();
        assertThat(CredentialMethod.looksLikeJwt("a.b.c.d")).isFalse();
        assertThat(CredentialMethod.looksLikeJwt("a+b.c.d")).isFalse();
        assertThat(CredentialMethod.looksLikeJwt("a.b.c=")).isFalse();
    }
}
