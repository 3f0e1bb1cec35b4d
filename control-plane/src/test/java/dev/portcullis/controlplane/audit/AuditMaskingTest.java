package dev.portcullis.controlplane.audit;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portcullis.model.json.Json;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AuditMaskingTest {

    private static JsonNode masked(String json) throws Exception {
        return AuditMasking.mask(Json.mapper().readTree(json));
    }

    @Test
    void masksEveryLiteralUpstreamAuthenticationHeaderValue() throws Exception {
        JsonNode proxy = masked("""
                {"name": "p", "upstream": {"url": "http://10.0.0.5:8080", "authentication": {"headers": {
                  "X-Api-Key": "abc", "Authorization": "Bearer s3cr3t", "X-Tenant": "acme",
                  "X-Ref": "${secret:upstream-key}"}}}}""");

        JsonNode headers = proxy.path("upstream").path("authentication").path("headers");
        assertThat(headers.path("X-Api-Key").asText()).isEqualTo("***");
        assertThat(headers.path("Authorization").asText()).isEqualTo("***");
        assertThat(headers.path("X-Tenant").asText()).isEqualTo("***");
        assertThat(headers.path("X-Ref").asText()).isEqualTo("${secret:upstream-key}");
        assertThat(proxy.path("upstream").path("url").asText()).isEqualTo("http://10.0.0.5:8080");
        assertThat(proxy.toString()).doesNotContain("abc", "s3cr3t");
    }

    @Test
    void masksTheAddedHeadersOfRequestAndResponseTransformsAtAnyDepth() throws Exception {
        JsonNode proxy = masked("""
                {"global": {"transformRequestHeaders": {"add": {"X-Api-Key": "abc"}, "remove": ["Cookie"]}},
                 "tools": {"get_users": {"transformResponseHeaders": {"add": {"Authorization": "Basic eHl6"}}}}}""");

        assertThat(proxy.at("/global/transformRequestHeaders/add/X-Api-Key").asText()).isEqualTo("***");
        assertThat(proxy.at("/global/transformRequestHeaders/remove/0").asText()).isEqualTo("Cookie");
        assertThat(proxy.at("/tools/get_users/transformResponseHeaders/add/Authorization").asText())
                .isEqualTo("***");
    }

    @Test
    void aReferenceWithTextAroundItIsALiteral() throws Exception {
        JsonNode proxy = masked("""
                {"upstream": {"authentication": {"headers": {"Authorization": "Bearer ${secret:t}",
                  "X-Two": "${secret:a}${secret:b}"}}}}""");

        assertThat(proxy.at("/upstream/authentication/headers/Authorization").asText()).isEqualTo("***");
        assertThat(proxy.at("/upstream/authentication/headers/X-Two").asText()).isEqualTo("***");
    }

    @Test
    void masksMembersWhoseNamesSaySecretButKeepsHeaderNamesAddressesAndIds() throws Exception {
        JsonNode tree = masked("""
                {"apiKey": "k1", "sessionCookie": "c1", "authValue": "a1", "adminPassword": "p1",
                 "clientSecret": "s1", "refresh_token": "t1", "tokenHash": "h1", "value": "v1",
                 "tokenHeader": "X-Token", "tokenUrl": "https://idp/token", "keyId": "key-1",
                 "ignoreAuthentication": true, "name": "visible"}""");

        for (String secret : new String[] {"apiKey", "sessionCookie", "authValue", "adminPassword", "clientSecret",
                "refresh_token", "tokenHash", "value"}) {
            assertThat(tree.path(secret).asText()).as(secret).isEqualTo("***");
        }
        assertThat(tree.path("tokenHeader").asText()).isEqualTo("X-Token");
        assertThat(tree.path("tokenUrl").asText()).isEqualTo("https://idp/token");
        assertThat(tree.path("keyId").asText()).isEqualTo("key-1");
        assertThat(tree.path("ignoreAuthentication").asBoolean()).isTrue();
        assertThat(tree.path("name").asText()).isEqualTo("visible");
    }
}
