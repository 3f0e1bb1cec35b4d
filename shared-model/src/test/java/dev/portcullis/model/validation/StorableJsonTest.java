package dev.portcullis.model.validation;

import dev.portcullis.model.Fixtures;
import dev.portcullis.model.json.Json;
import dev.portcullis.model.key.KeyEntry;
import dev.portcullis.model.policy.Policy;
import dev.portcullis.model.proxy.ProxyDefinition;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class StorableJsonTest {

    private static final String PROXY = "{\"id\":\"p\",\"name\":%s,\"listenPath\":\"/p/\","
            + "\"upstream\":{\"url\":\"http://127.0.0.1:7878\"},\"tools\":{%s:{\"allow\":true}}}";

    private static List<String> proxyErrors(String nameJson, String toolJson) {
        byte[] json = String.format(PROXY, nameJson, toolJson).getBytes(StandardCharsets.UTF_8);
        return Fixtures.errors(ProxyDefinition::parse, json);
    }

    @Test
    void refusesNulInAProxyNameWithTheFieldNamed() {
        assertThat(proxyErrors("\"Mo\\u0000ck\"", "\"get_users\""))
                .containsExactly("name: " + FieldRules.TEXT_RULE);
    }

    @Test
    void refusesNulInAToolsKeyAndReportsItWithoutTheNul() {
        List<String> errors = proxyErrors("\"Mock\"", "\"get\\u0000users\"");

        assertThat(errors).containsExactly("tools.get\uFFFDusers: name " + FieldRules.TEXT_RULE);
        assertThat(Json.write(errors)).isNotEmpty();
    }

    @Test
    void refusesUnpairedSurrogatesButKeepsPairedOnes() {
        assertThat(proxyErrors("\"x\\ud800\"", "\"t\"")).containsExactly("name: " + FieldRules.TEXT_RULE);
        assertThat(proxyErrors("\"\\udc00x\"", "\"t\"")).containsExactly("name: " + FieldRules.TEXT_RULE);
        assertThat(proxyErrors("\"t\"", "\"a\\udbff\"")).hasSize(1);
        assertThat(proxyErrors("\"Mock \\ud83d\\ude80 \\u202e\"", "\"t\"")).isEmpty();
    }

    @Test
    void refusesNulDeepInsideAMockResponse() {
        String json = String.format(PROXY, "\"Mock\"", "\"t\"").replace("{\"allow\":true}",
                "{\"mockResponse\":{\"content\":[{\"type\":\"text\",\"text\":\"a\\u0000b\"}]}}");

        assertThat(Fixtures.errors(ProxyDefinition::parse, json.getBytes(StandardCharsets.UTF_8)))
                .containsExactly("tools.t.mockResponse.content[0].text: " + FieldRules.TEXT_RULE);
    }

    @Test
    void refusesNestingDeeperThanTheLimit() {
        String deep = "[".repeat(StorableJson.MAX_DEPTH) + "]".repeat(StorableJson.MAX_DEPTH);
        String json = String.format(PROXY, "\"Mock\"", "\"t\"").replace("{\"allow\":true}",
                "{\"mockResponse\":" + deep + "}");

        assertThat(Fixtures.errors(ProxyDefinition::parse, json.getBytes(StandardCharsets.UTF_8)))
                .singleElement().asString().endsWith("must not be nested more than 64 levels deep");
    }

    @Test
    void refusesNumbersThatAreNotFinite() throws Exception {
        var tree = Json.mapper().readTree("{\"a\":{\"b\":1e400}}");

        assertThat(StorableJson.check(tree)).containsExactly(new FieldError("a.b", "must be a finite number"));
    }

    @Test
    void namesAnIntegerTooLargeForItsField() {
        String json = String.format(PROXY, "\"Mock\"", "\"t\"").replace("\"url\":\"http://127.0.0.1:7878\"",
                "\"url\":\"http://127.0.0.1:7878\",\"timeoutMs\":99999999999");
        String policy = "{\"id\":\"p\",\"name\":\"n\",\"rate\":99999999999999999999999,\"per\":1,"
                + "\"accessRights\":{}}";

        assertThat(Fixtures.errors(ProxyDefinition::parse, json.getBytes(StandardCharsets.UTF_8)))
                .containsExactly("upstream.timeoutMs: must be an integer from -2147483648 to 2147483647");
        assertThat(Fixtures.errors(Policy::parse, policy.getBytes(StandardCharsets.UTF_8)))
                .containsExactly("rate: must be an integer from -9223372036854775808 to 9223372036854775807");
    }

    @Test
    void refusesNulInAPolicyName() {
        byte[] json = "{\"id\":\"p\",\"name\":\"a\\u0000\",\"accessRights\":{}}".getBytes(StandardCharsets.UTF_8);

        assertThat(Fixtures.errors(Policy::parse, json)).containsExactly("name: " + FieldRules.TEXT_RULE);
    }

    @Test
    void refusesInstantsOutsideFourDigitYears() {
        KeyEntry farFuture = new KeyEntry("k", "agent", "0".repeat(64), Instant.parse("+999999999-12-31T23:59:59Z"),
                List.of("p"), List.of());
        Violations at = Violations.root();
        farFuture.validate(at);

        assertThat(at.list()).containsExactly(new FieldError("expiresAt", FieldRules.INSTANT_RULE));
        assertThat(FieldRules.isStorableInstant(Instant.parse("9999-12-31T23:59:59Z"))).isTrue();
        assertThat(FieldRules.isStorableInstant(Instant.parse("0000-12-31T23:59:59Z"))).isFalse();
    }
}
