package dev.portcullis.model.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.portcullis.model.Fixtures;
import java.util.List;
import org.junit.jupiter.api.Test;

class PluginEntryValidationTest {

    private final ObjectNode proxy = Fixtures.tree("spec-proxy.json");

    private List<String> errors() {
        return Fixtures.errors(ProxyDefinition::parse, proxy);
    }

    @Test
    void acceptsPluginsProxyWideAndOnPrimitivesWithAfterAuthAsTheDefaultPlacement() {
        ((ObjectNode) proxy.get("global")).putArray("plugins").addObject().put("name", "server-time")
                .putObject("config").put("zone", "UTC");
        ((ObjectNode) proxy.at("/tools/get_users")).putArray("plugins").addObject().put("name", "redact")
                .put("placement", "response");

        assertThat(errors()).isEmpty();
        ProxyDefinition definition = ProxyDefinition.parse(proxy.toString());
        assertThat(definition.global().plugins()).singleElement().satisfies(entry -> {
            assertThat(entry.placement()).isEqualTo("afterAuth");
            assertThat(entry.config().get("zone").asText()).isEqualTo("UTC");
        });
        assertThat(definition.tools().get("get_users").plugins().get(0).config().isObject()).isTrue();
    }

    @Test
    void refusesABadNameAnUnknownPlacementAndAConfigThatIsNotAnObject() {
        ((ObjectNode) proxy.at("/tools/get_users")).putArray("plugins").addObject().put("name", "Bad Name")
                .put("placement", "somewhere").put("config", "text");

        assertThat(errors()).containsExactlyInAnyOrder(
                "tools.get_users.plugins[0].name: must be 1 to 64 characters of a-z 0-9 . _ - starting with a letter or digit",
                "tools.get_users.plugins[0].placement: must be one of beforeAuth, afterAuth, response",
                "tools.get_users.plugins[0].config: must be a JSON object");
    }

    @Test
    void boundsTheConfigSizeAndTheNumberOfEntries() {
        ArrayNode plugins = ((ObjectNode) proxy.get("global")).putArray("plugins");
        plugins.addObject().put("name", "big").putObject("config").put("text", "x".repeat(PluginEntry.MAX_CONFIG_BYTES));
        for (int i = 1; i <= PluginEntry.MAX_ENTRIES; i++) {
            plugins.addObject().put("name", "p" + i);
        }

        assertThat(errors()).containsExactlyInAnyOrder(
                "global.plugins: must have at most 16 entries",
                "global.plugins[0].config: must be at most 16384 bytes as JSON");
    }

    @Test
    void refusesANullEntry() {
        ((ObjectNode) proxy.get("global")).putArray("plugins").addNull();

        assertThat(errors()).containsExactly("global.plugins[0]: must not be null");
    }
}
