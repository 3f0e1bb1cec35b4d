package dev.portcullis.gateway.filter.auth.jwt;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.gateway.error.GatewayError;
import dev.portcullis.gateway.support.oauth.SigningKey;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class JwtVerifierTest {

    private static final String PAYLOAD = SigningKey.encode(new JsonObject().put("sub", "a"));

    private static String reason(JsonObject header) {
        GatewayError error = JwtVerifier.checkHeader(SigningKey.encode(header) + "." + PAYLOAD + ".c2ln");
        return error == null ? null : error.reason();
    }

    @Test
    void acceptsOnlyRs256Es256AndEdDsaHeaders() {
        assertThat(reason(new JsonObject().put("alg", "RS256"))).isNull();
        assertThat(reason(new JsonObject().put("alg", "ES256"))).isNull();
        assertThat(reason(new JsonObject().put("alg", "EdDSA"))).isNull();
        for (String alg : new String[] {"none", "None", "HS256", "HS512", "RS512", "PS256", "ES384", ""}) {
            assertThat(reason(new JsonObject().put("alg", alg))).as(alg).isEqualTo("unsupported_algorithm");
        }
        assertThat(reason(new JsonObject())).isEqualTo("unsupported_algorithm");
    }

    @Test
    void refusesCriticalExtensionsAndMalformedTokens() {
        assertThat(reason(new JsonObject().put("alg", "RS256").put("crit", new JsonArray().add("b64"))))
                .isEqualTo("malformed_token");
        assertThat(JwtVerifier.checkHeader("bm90LWpzb24." + PAYLOAD + ".c2ln").reason()).isEqualTo("malformed_token");
        assertThat(JwtVerifier.checkHeader("a.b").reason()).isEqualTo("malformed_token");
        assertThat(JwtVerifier.checkHeader(SigningKey.encode(new JsonObject().put("alg", "RS256")) + "." + PAYLOAD
                + ".").reason()).isEqualTo("malformed_token");
    }

    private static JsonObject weakRsa() {
        try {
            var generator = java.security.KeyPairGenerator.getInstance("RSA");
            generator.initialize(1024);
            return new SigningKey("weak", "RS256", generator.generateKeyPair()).jwk();
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void loadsOnlyAsymmetricKeysForTheAllowedAlgorithms() {
        JsonObject jwks = new JsonObject().put("keys", new JsonArray()
                .add(SigningKey.rsa("r").jwk())
                .add(SigningKey.ec("e").jwk())
                .add(SigningKey.ed25519("d").jwk())
                .add(new JsonObject().put("kty", "oct").put("k", "c2VjcmV0").put("alg", "HS256"))
                .add(SigningKey.rsa("r512").jwk().put("alg", "RS512"))
                .add(SigningKey.rsa("enc").jwk().put("use", "enc"))
                .add(new JsonObject().put("kty", "RSA").put("n", "broken"))
                .add(weakRsa()));

        JwksCache.KeySet keys = JwksCache.parse(jwks, 0);

        assertThat(keys.size()).isEqualTo(3);
        assertThat(keys.verifier().availableAlgorithms()).doesNotContain("HS256", "RS512");
    }
}
