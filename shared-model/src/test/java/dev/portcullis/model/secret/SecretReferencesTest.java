package dev.portcullis.model.secret;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portcullis.model.proxy.ProxyDefinition;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SecretReferencesTest {

    @Test
    void substitutesWholeAndEmbeddedReferences() {
        Map<String, String> secrets = Map.of("pat", "ghp_1", "user", "u$er\\x");

        assertThat(SecretReferences.substitute("${secret:pat}", secrets::get)).isEqualTo("ghp_1");
        assertThat(SecretReferences.substitute("Bearer ${secret:pat}", secrets::get)).isEqualTo("Bearer ghp_1");
        assertThat(SecretReferences.substitute("${secret:user}:${secret:pat}", secrets::get))
                .isEqualTo("u$er\\x:ghp_1");
        assertThat(SecretReferences.substitute("plain $ {secret:pat}", secrets::get)).isEqualTo("plain $ {secret:pat}");
    }

    @Test
    void anUnresolvableReferenceFails() {
        assertThatThrownBy(() -> SecretReferences.substitute("Bearer ${secret:missing}", name -> {
            throw new IllegalArgumentException("unknown secret '" + name + "'");
        })).hasMessage("unknown secret 'missing'");
    }

    @Test
    void findsReferencesByField() {
        ProxyDefinition proxy = ProxyDefinition.parse("""
                {"id":"p","name":"p","listenPath":"/p/","upstream":{"url":"http://127.0.0.1:1",
                  "authentication":{"headers":{"X-Upstream-Key":"Bearer ${secret:pat}","X-Plain":"x"},
                                    "basicAuth":{"username":"u","password":"${secret:pw}"}}},
                 "authentication":{"introspection":{"enabled":false,"clientSecret":"${secret:as}"}},
                 "global":{"transformRequestHeaders":{"add":{"X-Api":"${secret:api}",
                                                          "X-Literal":"$${secret:not-a-reference}"}}}}
                """);

        assertThat(SecretReferences.of(proxy)).containsOnly(
                Map.entry("upstream.authentication.headers.X-Upstream-Key", Set.of("pat")),
                Map.entry("upstream.authentication.basicAuth.password", Set.of("pw")),
                Map.entry("authentication.introspection.clientSecret", Set.of("as")),
                Map.entry("global.transformRequestHeaders.add.X-Api", Set.of("api")));
        assertThat(SecretReferences.namesIn(proxy)).containsExactly("pat", "pw", "as", "api");
    }

    @Test
    void validatesNames() {
        assertThat(SecretReferences.isValidName("github-pat.v2_x")).isTrue();
        assertThat(SecretReferences.isValidName("a/b")).isFalse();
        assertThat(SecretReferences.isValidName("x".repeat(65))).isFalse();
        assertThat(SecretReferences.isValidName("")).isFalse();
    }
}
