package dev.portcullis.gateway.filter.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portcullis.gateway.filter.ResponseRewrite.Outcome;
import dev.portcullis.gateway.runtime.access.AccessRules;
import dev.portcullis.gateway.runtime.access.CallerAccess;
import dev.portcullis.gateway.support.TestProxies;
import dev.portcullis.model.json.Json;
import dev.portcullis.model.policy.Policy;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CapabilityRewriteTest {

    private static final String RESULT = """
            {"protocolVersion":"2025-11-25","serverInfo":{"name":"mock"},
             "capabilities":{"tools":{"listChanged":false},"prompts":{},"resources":{"subscribe":true},
                             "completions":{},"logging":{},"experimental":{}}}""";

    private static CallerAccess access(String methodAcl) {
        Policy policy = Policy.parse("""
                {"id":"x","name":"x","accessRights":{"p":{"jsonRpcMethodsAccessRights":%s}}}""".formatted(methodAcl));
        return AccessRules.compile(List.of(TestProxies.definition("p", "/p/", "http://127.0.0.1:1")),
                List.of(policy)).caller("p", List.of("x"));
    }

    private static List<String> capabilities(String methodAcl) throws Exception {
        JsonNode result = Json.mapper().readTree(RESULT);
        Outcome outcome = new CapabilityRewrite(access(methodAcl)).rewrite(result);
        List<String> names = new ArrayList<>();
        ((Outcome.Rewritten) outcome).result().get("capabilities").fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void keepsEveryCapabilityWhenNothingIsDenied() throws Exception {
        assertThat(capabilities("{}"))
                .containsExactly("tools", "prompts", "resources", "completions", "logging", "experimental");
    }

    @Test
    void dropsACapabilityOnlyWhenAllItsMethodsAreDenied() throws Exception {
        assertThat(capabilities("{\"blocked\":[\"tools/list\"]}")).contains("tools");
        assertThat(capabilities("{\"blocked\":[\"tools/.*\",\"completion/complete\",\"logging/.*\"]}"))
                .containsExactly("prompts", "resources", "experimental");
        assertThat(capabilities("{\"allowed\":[\"prompts/get\"]}")).containsExactly("prompts", "experimental");
    }

    @Test
    void aMalformedResultIsUnfilterable() throws Exception {
        CapabilityRewrite rewrite = new CapabilityRewrite(access("{}"));

        assertThat(rewrite.rewrite(Json.mapper().readTree("{\"capabilities\":[]}")))
                .isInstanceOf(Outcome.Unfilterable.class);
        assertThat(rewrite.rewrite(Json.mapper().readTree("\"x\""))).isInstanceOf(Outcome.Unfilterable.class);
    }
}
