package dev.portcullis.gateway.runtime.virtual;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.portcullis.model.json.Json;
import java.util.List;
import org.junit.jupiter.api.Test;

class CapabilityUnionTest {

    @Test
    void theUnionKeepsEveryCapabilityAndFlagAnyMemberHasAndDropsExperimental() throws Exception {
        List<CapabilityUnion.MemberResult> results = List.of(
                result("mock", """
                        {"protocolVersion":"2025-11-25","capabilities":{"tools":{"listChanged":false},
                         "experimental":{"x":{}}},"instructions":"Mock tools."}"""),
                result("everything", """
                        {"protocolVersion":"2025-11-25","capabilities":{"tools":{"listChanged":true},
                         "resources":{"subscribe":true},"logging":{}}}"""));

        ObjectNode merged = CapabilityUnion.merge(results, "2025-11-25", "All tools", "1.0");

        assertThat(merged.get("capabilities").toString())
                .isEqualTo("{\"tools\":{\"listChanged\":true},\"resources\":{\"subscribe\":true},\"logging\":{}}");
        assertThat(merged.at("/serverInfo/name").asText()).isEqualTo("All tools");
        assertThat(merged.get("instructions").asText()).isEqualTo("## mock\nMock tools.");
        assertThat(merged.get("protocolVersion").asText()).isEqualTo("2025-11-25");
    }

    @Test
    void membersThatDisagreeOnTheVersionGetTheOldest() throws Exception {
        List<CapabilityUnion.MemberResult> results = List.of(result("a", "{\"protocolVersion\":\"2025-11-25\"}"),
                result("b", "{\"protocolVersion\":\"2025-06-18\"}"));

        assertThat(CapabilityUnion.agreedVersion(results, "2025-11-25")).isEqualTo("2025-06-18");
        assertThat(CapabilityUnion.agreedVersion(List.of(), "2025-11-25")).isEqualTo("2025-11-25");
    }

    private static CapabilityUnion.MemberResult result(String member, String json) throws Exception {
        JsonNode node = Json.mapper().readTree(json);
        return new CapabilityUnion.MemberResult(member, node);
    }
}
