package dev.portcullis.gateway.filter.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portcullis.gateway.filter.ResponseRewrite.Outcome;
import dev.portcullis.gateway.observe.KnownPrimitives;
import dev.portcullis.gateway.request.PrimitiveType;
import dev.portcullis.gateway.runtime.access.AccessRules;
import dev.portcullis.gateway.runtime.access.CallerAccess;
import dev.portcullis.gateway.support.TestProxies;
import dev.portcullis.model.json.Json;
import dev.portcullis.model.policy.Policy;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ListRewriteTest {

    private static final Policy READER = Policy.parse("""
            {"id":"reader","name":"reader","accessRights":{"p":{"mcpAccessRights":{
              "tools":{"allowed":["get_.*"]},"prompts":{"blocked":["analytics_.*"]},
              "resources":{"allowed":["users://.*"]}}}}}""");

    private static CallerAccess access(String proxyRules) {
        return AccessRules.compile(List.of(TestProxies.definition("p", "/p/", "http://127.0.0.1:1", proxyRules)),
                List.of(READER)).caller("p", List.of("reader"));
    }

    private static ListRewrite listRewrite(ListKind kind, CallerAccess access) {
        return new ListRewrite(kind, access, new KnownPrimitives(), "p");
    }

    private static JsonNode json(String text) throws Exception {
        return Json.mapper().readTree(text);
    }

    private static List<String> names(JsonNode result, String array, String field) {
        List<String> names = new ArrayList<>();
        result.get(array).forEach(item -> names.add(item.get(field).asText()));
        return names;
    }

    @Test
    void keepsOnlyCallableToolsAndTheCursor() throws Exception {
        JsonNode result = json("""
                {"tools":[{"name":"get_users","inputSchema":{}},{"name":"delete_user"},{"name":"get_posts"},
                          {"name":"get_analytics"}],"nextCursor":"abc=="}""");

        Outcome outcome = listRewrite(ListKind.TOOLS,
                access("\"tools\":{\"get_analytics\":{\"block\":true}},")).rewrite(result);

        JsonNode rewritten = ((Outcome.Rewritten) outcome).result();
        assertThat(names(rewritten, "tools", "name")).containsExactly("get_users", "get_posts");
        assertThat(rewritten.get("nextCursor").asText()).isEqualTo("abc==");
        assertThat(rewritten.at("/tools/0/inputSchema").isObject()).isTrue();
    }

    @Test
    void dropsToolsWhoseNamesCouldNotBeCalledAndItemsWithoutAName() throws Exception {
        JsonNode result = json("""
                {"tools":[{"name":"get_users "},{"name":"get_us\u0435rs"},{"title":"no name"},{"name":7},"x",
                          {"name":"get_users"}]}""");

        Outcome outcome = listRewrite(ListKind.TOOLS, access("")).rewrite(result);

        assertThat(names(((Outcome.Rewritten) outcome).result(), "tools", "name")).containsExactly("get_users");
    }

    @Test
    void filtersPromptsResourcesAndTemplates() throws Exception {
        CallerAccess access = access("");
        JsonNode prompts = json("{\"prompts\":[{\"name\":\"user_management\"},{\"name\":\"analytics_dashboard\"}]}");
        JsonNode resources = json("{\"resources\":[{\"uri\":\"users://list\"},{\"uri\":\"posts://list\"}]}");
        JsonNode templates = json("""
                {"resourceTemplates":[{"uriTemplate":"users://{id}"},{"uriTemplate":"posts://{id}"}]}""");

        listRewrite(ListKind.PROMPTS, access).rewrite(prompts);
        listRewrite(ListKind.RESOURCES, access).rewrite(resources);
        listRewrite(ListKind.RESOURCE_TEMPLATES, access).rewrite(templates);

        assertThat(names(prompts, "prompts", "name")).containsExactly("user_management");
        assertThat(names(resources, "resources", "uri")).containsExactly("users://list");
        assertThat(names(templates, "resourceTemplates", "uriTemplate")).containsExactly("users://{id}");
    }

    @Test
    void aPrefixRuleCoversTemplatesUnderIt() throws Exception {
        CallerAccess access = AccessRules.compile(List.of(TestProxies.definition("p", "/p/", "http://127.0.0.1:1",
                "\"resources\":{\"users://*\":{\"allow\":true}},")), List.of()).caller("p", List.of());
        JsonNode templates = json("""
                {"resourceTemplates":[{"uriTemplate":"users://{id}"},{"uriTemplate":"posts://{id}"}]}""");

        listRewrite(ListKind.RESOURCE_TEMPLATES, access).rewrite(templates);

        assertThat(names(templates, "resourceTemplates", "uriTemplate")).containsExactly("users://{id}");
    }

    @Test
    void hidesEveryToolWhenToolsCallIsDenied() throws Exception {
        JsonNode result = json("{\"tools\":[{\"name\":\"get_users\"}]}");

        listRewrite(ListKind.TOOLS, access("\"operations\":{\"tools/call\":{\"block\":true}},")).rewrite(result);

        assertThat(result.get("tools").size()).isZero();
    }

    @Test
    void aResultWithoutTheListIsUnfilterable() throws Exception {
        ListRewrite rewrite = listRewrite(ListKind.TOOLS, access(""));

        assertThat(rewrite.rewrite(json("{\"prompts\":[]}"))).isInstanceOf(Outcome.Unfilterable.class);
        assertThat(rewrite.rewrite(json("{\"tools\":{\"name\":\"delete_user\"}}")))
                .isInstanceOf(Outcome.Unfilterable.class);
        assertThat(rewrite.rewrite(json("[]"))).isInstanceOf(Outcome.Unfilterable.class);
        assertThat(rewrite.unfilterableMessage()).isEqualTo("list response could not be filtered");
    }

    @Test
    void remembersEveryAnnouncedNameIncludingThoseTheCallerDoesNotSee() throws Exception {
        KnownPrimitives known = new KnownPrimitives();
        CallerAccess access = access("");

        new ListRewrite(ListKind.TOOLS, access, known, "p").rewrite(json("""
                {"tools":[{"name":"get_users"},{"name":"delete_user"},{"title":"no name"}]}"""));
        new ListRewrite(ListKind.PROMPTS, access, known, "p").rewrite(json("{\"prompts\":[{\"name\":\"summary\"}]}"));
        new ListRewrite(ListKind.RESOURCES, access, known, "p").rewrite(json("{\"resources\":[{\"uri\":\"users://1\"}]}"));
        new ListRewrite(ListKind.RESOURCE_TEMPLATES, access, known, "p").rewrite(json("""
                {"resourceTemplates":[{"uriTemplate":"users://{id}"}]}"""));

        assertThat(known.knows("p", PrimitiveType.TOOL, "get_users")).isTrue();
        assertThat(known.knows("p", PrimitiveType.TOOL, "delete_user")).isTrue();
        assertThat(known.knows("p", PrimitiveType.PROMPT, "summary")).isTrue();
        assertThat(known.knows("p", PrimitiveType.RESOURCE, "users://1")).isTrue();
        assertThat(known.knows("p", PrimitiveType.RESOURCE, "users://{id}")).isFalse();
        assertThat(known.knows("other", PrimitiveType.TOOL, "get_users")).isFalse();
        assertThat(known.size("p")).isEqualTo(4);
    }
}
