package dev.portcullis.gateway.runtime.virtual;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.portcullis.model.json.Json;
import dev.portcullis.model.proxy.VirtualMember;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class VirtualCatalogTest {

    private final VirtualNames names = new VirtualNames(List.of(new VirtualMember("a", "", null),
            new VirtualMember("b", "", null)));
    private final VirtualCatalog catalog = new VirtualCatalog(2);

    @Test
    void aNameTwoMembersListGoesToTheFirstAndTheLaterIsLeftOut() throws Exception {
        List<String> leftOut = new ArrayList<>();
        ArrayNode merged = ListMerge.merge(CatalogKind.TOOLS, List.of(
                new ListMerge.MemberItems(0, items("[{\"name\":\"echo\",\"description\":\"a\"}]")),
                new ListMerge.MemberItems(1, items("[{\"name\":\"echo\",\"description\":\"b\"},{\"name\":\"sum\"}]"))),
                names, catalog, (name, member) -> leftOut.add(name + "@" + member));

        assertThat(merged).hasSize(2);
        assertThat(merged.get(0).get("description").asText()).isEqualTo("a");
        assertThat(leftOut).containsExactly("echo@1");
        assertThat(catalog.find(CatalogKind.TOOLS, "echo")).isEqualTo(new VirtualNames.Owner(0, "echo"));
        assertThat(catalog.find(CatalogKind.TOOLS, "sum")).isEqualTo(new VirtualNames.Owner(1, "sum"));
    }

    @Test
    void toolsAndPromptsTakeVirtualNamesAndResourceUrisStayAsTheyAre() throws Exception {
        VirtualNames prefixed = new VirtualNames(List.of(new VirtualMember("a", "a_", null)));
        ArrayNode tools = ListMerge.merge(CatalogKind.TOOLS, List.of(new ListMerge.MemberItems(0,
                items("[{\"name\":\"echo\"}]"))), prefixed, catalog, (name, member) -> { });
        ArrayNode resources = ListMerge.merge(CatalogKind.RESOURCES, List.of(new ListMerge.MemberItems(0,
                items("[{\"uri\":\"file:///x\"}]"))), prefixed, catalog, (name, member) -> { });

        assertThat(tools.get(0).get("name").asText()).isEqualTo("a_echo");
        assertThat(resources.get(0).get("uri").asText()).isEqualTo("file:///x");
        assertThat(catalog.resourceOwner("file:///x")).isZero();
    }

    @Test
    void aListChangedForgetsOnlyThatMembersEntries() {
        catalog.learn(CatalogKind.TOOLS, 0, "x", "x");
        catalog.learn(CatalogKind.TOOLS, 1, "y", "y");

        catalog.forget(CatalogKind.TOOLS, 0);

        assertThat(catalog.find(CatalogKind.TOOLS, "x")).isNull();
        assertThat(catalog.find(CatalogKind.TOOLS, "y")).isNotNull();
    }

    @Test
    void uriTemplatesRouteConcreteUris() {
        catalog.learn(CatalogKind.RESOURCE_TEMPLATES, 1, "users://{id}/profile", "users://{id}/profile");

        assertThat(catalog.resourceOwner("users://42/profile")).isEqualTo(1);
        assertThat(catalog.resourceOwner("users://42/other")).isEqualTo(-1);
        assertThat(catalog.resourceOwner("users://a/b/profile")).as("a simple expression holds no slash")
                .isEqualTo(-1);
        assertThat(UriTemplates.matches("file:///{+path}", "file:///a/b/c")).isTrue();
    }

    @Test
    void aMissMayListAgainAtMostEveryTwoSeconds() {
        assertThat(catalog.mayRefresh(CatalogKind.TOOLS, 0)).isTrue();
        assertThat(catalog.mayRefresh(CatalogKind.TOOLS, 1_000_000_000L)).isFalse();
        assertThat(catalog.mayRefresh(CatalogKind.PROMPTS, 1_000_000_000L)).isTrue();
        assertThat(catalog.mayRefresh(CatalogKind.TOOLS, 2_000_000_000L)).isTrue();
    }

    private static List<JsonNode> items(String json) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        Json.mapper().readTree(json).forEach(out::add);
        return out;
    }
}
