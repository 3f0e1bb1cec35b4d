package dev.portcullis.controlplane.proxy;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portcullis.model.plugin.InstalledPlugins;
import dev.portcullis.model.proxy.ProxyDefinition;
import dev.portcullis.model.validation.FieldError;
import dev.portcullis.model.validation.ValidationException;
import dev.portcullis.plugin.GatewayPlugin;
import dev.portcullis.plugin.PluginFilter;
import java.util.List;
import org.junit.jupiter.api.Test;

class PluginRuleTest {

    private final PluginRule rule = new PluginRule(InstalledPlugins.of(List.of(new Zoned())));

    @Test
    void refusesAConfigItsInstalledPluginRefusesNamingTheField() {
        assertThatThrownBy(() -> rule.check(proxy("""
                "operations":{"tools/call":{"plugins":[{"name":"zoned","config":{"zone":"Mars"}}]}}""")))
                .isInstanceOfSatisfying(ValidationException.class, e -> org.assertj.core.api.Assertions
                        .assertThat(e.errors()).extracting(FieldError::toString)
                        .containsExactly("operations.tools/call.plugins[0].config: zone Mars is unknown"));
    }

    @Test
    void acceptsAGoodConfigAndAPluginItDoesNotHave() {
        assertThatCode(() -> rule.check(proxy("""
                "global":{"plugins":[{"name":"zoned","config":{"zone":"UTC"}},{"name":"only-on-gateways"}]}""")))
                .doesNotThrowAnyException();
    }

    private static ProxyDefinition proxy(String extra) {
        return ProxyDefinition.parse("""
                {"id":"p","name":"p","listenPath":"/p/","upstream":{"url":"http://127.0.0.1:1"},%s}""".formatted(extra));
    }

    static final class Zoned implements GatewayPlugin {
        @Override
        public String name() {
            return "zoned";
        }

        @Override
        public List<String> validate(JsonNode config) {
            String zone = config.path("zone").asText("UTC");
            return zone.equals("UTC") ? List.of() : List.of("zone " + zone + " is unknown");
        }

        @Override
        public PluginFilter create(JsonNode config) {
            return new PluginFilter() { };
        }
    }
}
