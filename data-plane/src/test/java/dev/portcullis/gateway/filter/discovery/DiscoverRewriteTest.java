package dev.portcullis.gateway.filter.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portcullis.gateway.filter.ResponseRewrite.Outcome;
import dev.portcullis.gateway.observe.KnownPrimitives;
import dev.portcullis.gateway.runtime.access.AccessRules;
import dev.portcullis.gateway.runtime.access.CallerAccess;
import dev.portcullis.gateway.support.TestProxies;
import dev.portcullis.model.json.Json;
import dev.portcullis.model.policy.Policy;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DiscoverRewriteTest {

    private static final String RESULT = """
            {"resultType":"complete","supportedVersions":["2026-07-28"],
             "capabilities":{"tools":{},"prompts":{},"resources":{},"extensions":{}},
             "tools":[{"name":"get_user"},{"name":"delete_user"}],
             "_meta":{"io.modelcontextprotocol/serverInfo":{"name":"up","version":"1"}}}""";

    private static CallerAccess access(String accessRights) {
        Policy policy = Policy.parse("""
                {"id":"x","name":"x","accessRights":{"p":%s}}""".formatted(accessRights));
        return AccessRules.compile(List.of(TestProxies.definition("p", "/p/", "http://127.0.0.1:1")),
                List.of(policy)).caller("p", List.of("x"));
    }

    private static JsonNode rewritten(String accessRights, String result) throws Exception {
        Outcome outcome = new DiscoverRewrite(access(accessRights), new KnownPrimitives(), "p")
                .rewrite(Json.mapper().readTree(result));
        return ((Outcome.Rewritten) outcome).result();
    }

    private static List<String> names(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void dropsTheToolsCapabilityOfACallerThatMayNeitherListNorCallTools() throws Exception {
        JsonNode result = rewritten("{\"jsonRpcMethodsAccessRights\":{\"blocked\":[\"tools/.*\"]}}", RESULT);

        assertThat(names(result.get("capabilities"))).containsExactly("prompts", "resources", "extensions");
        assertThat(result.at("/supportedVersions/0").asText()).isEqualTo("2026-07-28");
        assertThat(result.at("/_meta/io.modelcontextprotocol~1serverInfo/name").asText()).isEqualTo("up");
    }

    @Test
    void filtersAToolListCarriedInTheResultLikeToolsList() throws Exception {
        JsonNode result = rewritten("{\"mcpAccessRights\":{\"tools\":{\"blocked\":[\"delete_.*\"]}}}", RESULT);

        assertThat(result.get("tools")).extracting(tool -> tool.get("name").asText()).containsExactly("get_user");
        assertThat(names(result.get("capabilities"))).contains("tools");
    }

    @Test
    void aResultOfUnexpectedShapeIsUnfilterable() throws Exception {
        DiscoverRewrite rewrite = new DiscoverRewrite(access("{}"), new KnownPrimitives(), "p");

        assertThat(rewrite.rewrite(Json.mapper().readTree("[]"))).isInstanceOf(Outcome.Unfilterable.class);
        assertThat(rewrite.rewrite(Json.mapper().readTree("{\"capabilities\":\"all\"}")))
                .isInstanceOf(Outcome.Unfilterable.class);
        assertThat(rewrite.rewrite(Json.mapper().readTree("{\"capabilities\":{},\"tools\":{}}")))
                .isInstanceOf(Outcome.Unfilterable.class);
    }
}
