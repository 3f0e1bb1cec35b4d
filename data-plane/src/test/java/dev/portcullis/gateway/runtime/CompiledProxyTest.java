package dev.portcullis.gateway.runtime;

import dev.portcullis.gateway.upstream.SecretResolver;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portcullis.gateway.support.TestProxies;
import dev.portcullis.model.proxy.ProxyDefinition;
import org.junit.jupiter.api.Test;

class CompiledProxyTest {

    @Test
    void printsHeaderNamesButNeverTheirValues() {
        CompiledProxy proxy = CompiledProxy.compile(ProxyDefinition.parse("""
                {"id":"gh","name":"gh","listenPath":"/gh/","upstream":{"url":"https://api.example.com",
                 "authentication":{"headers":{"X-Upstream-Token":"upstream-pat-123"}}},
                 "global":{"transformRequestHeaders":{"add":{"X-Req-Secret":"req-secret-456"}},
                           "transformResponseHeaders":{"add":{"X-Resp-Secret":"resp-secret-789"}}}}
                """), SecretResolver.LITERAL);

        assertThat(proxy.toString()).contains("X-Upstream-Token", "X-Req-Secret", "X-Resp-Secret")
                .doesNotContain("upstream-pat-123", "req-secret-456", "resp-secret-789");
        assertThat(proxy.requestHeaderEdits().toString()).doesNotContain("req-secret-456");
    }

    @Test
    void compilesOAuthClientCredentialsWithTheirSecretResolvedAndNeverPrinted() {
        ProxyDefinition definition = ProxyDefinition.parse("""
                {"id":"o","name":"o","listenPath":"/o/","upstream":{"url":"https://api.example.com",
                 "authentication":{"oauthClientCredentials":{"tokenUrl":"https://idp.example.com/token",
                  "clientId":"gw","clientSecret":"${secret:idp}","scopes":["read"]}}}}
                """);

        CompiledProxy proxy = CompiledProxy.compile(definition,
                value -> value.replace("${secret:idp}", "client-secret-1"));

        assertThat(proxy.upstreamOAuth().tokenUrl()).isEqualTo("https://idp.example.com/token");
        assertThat(proxy.upstreamOAuth().clientSecret()).isEqualTo("client-secret-1");
        assertThat(proxy.upstreamOAuth().scopes()).containsExactly("read");
        assertThat(proxy.toString()).doesNotContain("client-secret-1");
    }

    @Test
    void refusesSecretReferencesInBasicAuthAndTransforms() {
        ProxyDefinition basic = ProxyDefinition.parse("""
                {"id":"b","name":"b","listenPath":"/b/","upstream":{"url":"https://api.example.com",
                 "authentication":{"basicAuth":{"username":"svc","password":"${secret:svc_password}"}}}}
                """);
        ProxyDefinition transform = TestProxies.definition("t", "/t/", "https://api.example.com", """
                "global":{"transformRequestHeaders":{"add":{"X-Key":"${secret:k}"}}},""");

        assertThatThrownBy(() -> CompiledProxy.compile(basic, SecretResolver.LITERAL))
                .hasMessageContaining("basicAuth.password");
        assertThatThrownBy(() -> CompiledProxy.compile(transform, SecretResolver.LITERAL))
                .hasMessageContaining("transformRequestHeaders.add.X-Key");
    }

    @Test
    void servesJwtOnlyProxiesWithTheTokenMethodsRatherThanKeys() {
        CompiledProxy jwtOnly = CompiledProxy.compile(TestProxies.definition("j", "/j/", "http://127.0.0.1:1", """
                "authentication":{"authToken":{"enabled":false},
                 "jwt":{"enabled":true,"jwksUrl":"https://idp.example.com/jwks"}},"""), SecretResolver.LITERAL);
        CompiledProxy open = CompiledProxy.compile(TestProxies.definition("o", "/o/", "http://127.0.0.1:1", """
                "authentication":{"enabled":false},"""), SecretResolver.LITERAL);

        assertThat(jwtOnly.authMethodUnavailable()).isFalse();
        assertThat(jwtOnly.credentialHeader()).isNull();
        assertThat(jwtOnly.oauth().jwtEnabled()).isTrue();
        assertThat(open.authMethodUnavailable()).isFalse();
        assertThat(open.oauth().jwtEnabled()).isFalse();
    }
}
