package dev.portcullis.model.proxy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.portcullis.model.Fixtures;
import dev.portcullis.model.json.Json;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class UpstreamBalancingTest {

    private final ObjectNode proxy = Fixtures.tree("spec-proxy.json");

    private ObjectNode upstream() {
        return (ObjectNode) proxy.get("upstream");
    }

    private List<String> errors() {
        return Fixtures.errors(ProxyDefinition::parse, proxy);
    }

    @Test
    void readsTargetsAsUrlStringsOrObjectsWithAWeight() throws Exception {
        upstream().set("targets", Json.mapper().readTree("""
                ["http://127.0.0.1:7879/mcp", {"url": "http://127.0.0.1:7880/mcp", "weight": 3}]"""));

        ProxyDefinition parsed = ProxyDefinition.parse(Json.mapper().writeValueAsString(proxy));

        assertThat(parsed.upstream().targets()).containsExactly(
                new Upstream.Target("http://127.0.0.1:7879/mcp", 1), new Upstream.Target("http://127.0.0.1:7880/mcp", 3));
        assertThat(parsed.upstream().balancing()).isEqualTo(Upstream.ROUND_ROBIN);
        assertThat(parsed.upstream().passiveHealth()).isEqualTo(new PassiveHealth(3, 10_000));
    }

    @Test
    void writtenTargetsReadBackTheSame() throws Exception {
        upstream().set("targets", Json.mapper().readTree("""
                [{"url": "http://b:1/mcp", "weight": 2}]"""));
        upstream().put("balancing", "leastRequests");
        ProxyDefinition parsed = ProxyDefinition.parse(Json.mapper().writeValueAsString(proxy));

        ProxyDefinition again = ProxyDefinition.parse(new String(Json.write(parsed)));

        assertThat(again.upstream()).isEqualTo(parsed.upstream());
    }

    @Test
    void namesEveryBadBalancingField() throws Exception {
        upstream().set("targets", Json.mapper().readTree("""
                ["ftp://x/mcp", {"url": "http://b/mcp", "weight": 0}, {"url": "http://b/mcp", "weight": 1001}]"""));
        upstream().put("balancing", "random");
        upstream().set("passiveHealth", Json.mapper().readTree("""
                {"failures": 0, "coolDownMs": 5}"""));

        assertThat(errors()).containsExactlyInAnyOrder(
                "upstream.targets[0].url: must be an absolute http(s) URL",
                "upstream.targets[1].weight: must be between 1 and 1000",
                "upstream.targets[2].weight: must be between 1 and 1000",
                "upstream.targets[2].url: is listed twice",
                "upstream.balancing: must be roundRobin or leastRequests",
                "upstream.passiveHealth.failures: must be between 1 and 100",
                "upstream.passiveHealth.coolDownMs: must be between 100 and 3600000");
    }
}
