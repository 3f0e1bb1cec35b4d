package dev.portcullis.gateway.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.portcullis.gateway.request.McpRoute;
import dev.portcullis.gateway.request.MessageKind;
import dev.portcullis.gateway.request.PrimitiveType;
import dev.portcullis.model.plugin.InstalledPlugins;
import dev.portcullis.model.proxy.ProxyDefinition;
import dev.portcullis.plugin.GatewayPlugin;
import dev.portcullis.plugin.PluginFilter;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProxyPluginsTest {

    private static final InstalledPlugins INSTALLED = InstalledPlugins.of(List.of(new Named("a"), new Named("b")));

    @Test
    void aRouteMeetsProxyWideThenOperationThenPrimitiveFiltersOfItsPlacement() {
        ProxyPlugins plugins = ProxyPlugins.compile(proxy("""
                "global":{"plugins":[{"name":"a","config":{"tag":"global"}},
                                     {"name":"b","placement":"beforeAuth","config":{"tag":"early"}}]},
                "operations":{"tools/call":{"plugins":[{"name":"b","config":{"tag":"operation"}}]}},
                "tools":{"echo":{"plugins":[{"name":"a","config":{"tag":"tool"}},
                                            {"name":"a","placement":"response","config":{"tag":"edit"}}]}},
                "resources":{"file://*":{"plugins":[{"name":"b","config":{"tag":"files"}}]}}"""), INSTALLED);

        assertThat(tags(plugins.at(call("echo"), "afterAuth"))).containsExactly("global", "operation", "tool");
        assertThat(tags(plugins.at(call("other"), "afterAuth"))).containsExactly("global", "operation");
        assertThat(tags(plugins.at(call("echo"), "beforeAuth"))).containsExactly("early");
        assertThat(tags(plugins.at(call("echo"), "response"))).containsExactly("edit");
        assertThat(tags(plugins.at(new McpRoute(MessageKind.REQUEST, TextNode.valueOf("1"), "resources/read",
                PrimitiveType.RESOURCE, "file://a/b"), "afterAuth"))).containsExactly("global", "files");
    }

    @Test
    void aProxyWithoutPluginsCostsNothing() {
        assertThat(ProxyPlugins.compile(proxy("\"tools\":{\"echo\":{}}"), INSTALLED)).isSameAs(ProxyPlugins.NONE);
    }

    @Test
    void aMissingPluginOrARefusedConfigCannotBeServedAndSaysWhere() {
        assertThatThrownBy(() -> ProxyPlugins.compile(proxy("""
                "tools":{"echo":{"plugins":[{"name":"c"},{"name":"a","config":{"tag":7}}]}}"""), INSTALLED))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("tools.echo.plugins[0].name: plugin c is not installed; "
                        + "tools.echo.plugins[1].config: tag must be text");
    }

    @Test
    void aPluginThatFailsToStartRefusesTheProxy() {
        assertThatThrownBy(() -> ProxyPlugins.compile(proxy("""
                "global":{"plugins":[{"name":"a","config":{"tag":"boom"}}]}"""), INSTALLED))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("global.plugins[0]: plugin a could not be started (IllegalStateException)");
    }

    private static McpRoute call(String tool) {
        return new McpRoute(MessageKind.REQUEST, TextNode.valueOf("1"), "tools/call", PrimitiveType.TOOL, tool);
    }

    private static ProxyDefinition proxy(String extra) {
        return ProxyDefinition.parse("""
                {"id":"p","name":"p","listenPath":"/p/","upstream":{"url":"http://127.0.0.1:1"},%s}""".formatted(extra));
    }

    private static List<String> tags(List<ProxyPlugins.Placed> placed) {
        return placed.stream().map(p -> ((Tagged) p.filter()).tag()).toList();
    }

    private record Tagged(String tag) implements PluginFilter {
    }

    /** Its filters carry their config's {@code tag}; a tag that is not text is refused, {@code boom} fails. */
    private record Named(String name) implements GatewayPlugin {
        @Override
        public List<String> validate(JsonNode config) {
            return config.has("tag") && !config.get("tag").isTextual() ? List.of("tag must be text") : List.of();
        }

        @Override
        public PluginFilter create(JsonNode config) {
            if (config.path("tag").asText().equals("boom")) {
                throw new IllegalStateException("boom");
            }
            return new Tagged(config.path("tag").asText());
        }
    }
}
