package dev.portcullis.gateway.request;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.model.template.ContextVariable;
import dev.portcullis.model.template.Template;
import io.vertx.core.MultiMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class HeaderEditsTest {

    private static HeaderEdits edits(Map<String, String> add) {
        Map<String, Template> templates = new java.util.HashMap<>();
        add.forEach((name, value) -> templates.put(name, Template.parse(value)));
        return new HeaderEdits(List.of(), templates);
    }

    private static Function<ContextVariable, String> alias(String alias) {
        return variable -> variable.source() == ContextVariable.Source.CONSUMER_ALIAS ? alias : null;
    }

    @Test
    void setsTheRenderedValueReplacingTheAgentsOwn() {
        MultiMap headers = MultiMap.caseInsensitiveMultiMap().add("X-Consumer", "forged");

        edits(Map.of("X-Consumer", "${consumer.alias}")).applyTo(headers, alias("billing-agent"));

        assertThat(headers.getAll("X-Consumer")).containsExactly("billing-agent");
    }

    @Test
    void aVariableWithoutValueRemovesTheHeaderSoTheAgentCannotSupplyIt() {
        MultiMap headers = MultiMap.caseInsensitiveMultiMap().add("X-Consumer", "forged");

        edits(Map.of("X-Consumer", "${consumer.alias}")).applyTo(headers, alias(null));

        assertThat(headers.contains("X-Consumer")).isFalse();
    }

    @Test
    void valuesOutsideVisibleAsciiTravelBase64Encoded() {
        MultiMap headers = MultiMap.caseInsensitiveMultiMap();

        edits(Map.of("X-Consumer", "${consumer.alias}")).applyTo(headers, alias("Zoë"));

        assertThat(headers.get("X-Consumer")).isEqualTo("=?base64?Wm/Dqw==?=");
        assertThat(HeaderValue.decode(headers.get("X-Consumer"))).contains("Zoë");
    }

    @Test
    void constantValuesAreSentAsConfigured() {
        MultiMap headers = MultiMap.caseInsensitiveMultiMap();

        edits(Map.of("X-Team", "platform")).applyTo(headers, alias(null));

        assertThat(headers.get("X-Team")).isEqualTo("platform");
    }
}
