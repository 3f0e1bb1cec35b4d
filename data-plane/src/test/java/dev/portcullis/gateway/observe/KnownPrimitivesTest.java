package dev.portcullis.gateway.observe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.gateway.request.DeclaredParams;
import dev.portcullis.gateway.request.PrimitiveType;
import dev.portcullis.model.json.Json;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KnownPrimitivesTest {

    private final KnownPrimitives known = new KnownPrimitives();

    @Test
    void remembersNamesPerProxyAndType() {
        known.learn("a", PrimitiveType.TOOL, "get_users");

        assertThat(known.knows("a", PrimitiveType.TOOL, "get_users")).isTrue();
        assertThat(known.knows("a", PrimitiveType.PROMPT, "get_users")).isFalse();
        assertThat(known.knows("b", PrimitiveType.TOOL, "get_users")).isFalse();
    }

    @Test
    void keepsTheFirstThousandNamesOfAProxyAndCountsEachOnce() {
        for (int i = 0; i < 1_500; i++) {
            known.learn("a", i % 2 == 0 ? PrimitiveType.TOOL : PrimitiveType.RESOURCE, "name-" + i);
            known.learn("a", i % 2 == 0 ? PrimitiveType.TOOL : PrimitiveType.RESOURCE, "name-" + i);
        }
        known.learn("b", PrimitiveType.TOOL, "name-1400");

        assertThat(known.size("a")).isEqualTo(KnownPrimitives.MAX_PER_PROXY);
        assertThat(known.knows("a", PrimitiveType.TOOL, "name-998")).isTrue();
        assertThat(known.knows("a", PrimitiveType.TOOL, "name-1400")).isFalse();
        assertThat(known.knows("b", PrimitiveType.TOOL, "name-1400")).isTrue();
    }

    @Test
    void ignoresOverlongEmptyAndUntypedNames() {
        known.learn("a", PrimitiveType.RESOURCE, "x".repeat(KnownPrimitives.MAX_NAME_LENGTH + 1));
        known.learn("a", PrimitiveType.TOOL, "");
        known.learn("a", PrimitiveType.NONE, "ping");

        assertThat(known.size("a")).isZero();
    }

    @Test
    void forgetsTheNamesOfAProxyThatIsGoneOrWhoseUpstreamChanged() {
        known.retain(Map.of("kept", "http://a", "moved", "http://b", "deleted", "http://c"));
        known.learn("kept", PrimitiveType.TOOL, "get_users");
        known.learn("moved", PrimitiveType.TOOL, "get_users");
        known.learn("deleted", PrimitiveType.TOOL, "get_users");

        known.retain(Map.of("kept", "http://a", "moved", "http://elsewhere"));

        assertThat(known.knows("kept", PrimitiveType.TOOL, "get_users")).isTrue();
        assertThat(known.knows("moved", PrimitiveType.TOOL, "get_users")).isFalse();
        assertThat(known.knows("deleted", PrimitiveType.TOOL, "get_users")).isFalse();
        known.learn("moved", PrimitiveType.TOOL, "list_orders");
        known.retain(Map.of("kept", "http://a", "moved", "http://elsewhere"));
        assertThat(known.knows("moved", PrimitiveType.TOOL, "list_orders")).isTrue();
    }

    @Test
    void remembersTheLatestAnnouncedVersionsBoundedAndForgetsThemWhenTheUpstreamMoves() {
        known.retain(Map.of("a", "http://a"));
        known.learnVersions("a", List.of("2025-11-25", "x".repeat(33)));
        known.learnVersions("a", List.of("2026-07-28", "x".repeat(33)));

        assertThat(known.versions("a")).containsExactly("2026-07-28");
        assertThat(known.versions("b")).isEmpty();

        known.retain(Map.of("a", "http://elsewhere"));

        assertThat(known.versions("a")).isEmpty();
    }

    @Test
    void remembersTheLatestParamDeclarationsOfEachToolAndForgetsThemWhenTheUpstreamMoves() throws Exception {
        DeclaredParams region = DeclaredParams.of(Json.mapper().readTree(
                "{\"properties\":{\"region\":{\"type\":\"string\",\"x-mcp-header\":\"Region\"}}}"));
        known.retain(Map.of("a", "http://a"));

        known.learnParams("a", "sql", region);
        assertThat(known.params("a", "sql")).isSameAs(region);
        assertThat(known.params("a", "other")).isNull();
        assertThat(known.params("b", "sql")).isNull();

        known.learnParams("a", "sql", DeclaredParams.of(null));
        assertThat(known.params("a", "sql")).as("a later list without declarations").isNull();

        known.learnParams("a", "sql", region);
        known.retain(Map.of("a", "http://elsewhere"));
        assertThat(known.params("a", "sql")).isNull();
    }
}
