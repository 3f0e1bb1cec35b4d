package dev.portcullis.model.policy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.portcullis.model.Fixtures;
import dev.portcullis.model.json.Json;
import dev.portcullis.model.proxy.RateLimit;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PolicyTest {

    private final ObjectNode policy = Fixtures.tree("spec-policy.json");

    private List<String> errors() {
        return Fixtures.errors(Policy::parse, policy);
    }

    private ObjectNode right() {
        return (ObjectNode) policy.at("/accessRights/mock-mcp");
    }

    @Test
    void parsesTheSpecExample() {
        Policy parsed = Policy.parse(Fixtures.bytes("spec-policy.json"));

        AccessRight right = parsed.accessRights().get("mock-mcp");
        assertThat(parsed.quota()).isEqualTo(new Quota(100_000, 86_400));
        assertThat(right.limit()).isEqualTo(new RateLimit(200, 60));
        assertThat(right.mcpAccessRights().tools()).isEqualTo(new AccessList(List.of("get_.*"), List.of("delete_.*")));
        assertThat(right.mcpAccessRights().resources().allowed()).isEmpty();
        assertThat(right.mcpAccessRights().prompts().isEmpty()).isTrue();
        assertThat(right.jsonRpcMethodsAccessRights().blocked()).containsExactly("sampling/createMessage");
        assertThat(right.jsonRpcMethods()).containsExactly(new MethodLimit("tools/call", new RateLimit(100, 60)));
        assertThat(right.mcpPrimitives()).containsExactly(new PrimitiveLimit("tool", "generate_report",
                new RateLimit(10, 60), new Quota(1000, 86_400)));
    }

    @Test
    void acceptsTheSnakeCaseSpellings() {
        assertThat(Policy.parse(Fixtures.bytes("spec-policy-snake.json")))
                .isEqualTo(Policy.parse(Fixtures.bytes("spec-policy.json")));
    }

    @Test
    void roundTripsInCamelCase() {
        Policy parsed = Policy.parse(Fixtures.bytes("spec-policy-snake.json"));

        String written = new String(Json.write(parsed), java.nio.charset.StandardCharsets.UTF_8);

        assertThat(written).contains("\"accessRights\"", "\"renewalSeconds\"").doesNotContain("access_rights");
        assertThat(Policy.parse(written)).isEqualTo(parsed);
    }

    @Test
    void reportsABadRegularExpressionWithItsField() {
        ((ObjectNode) right().at("/mcpAccessRights/tools")).putArray("blocked").add("delete_.*").add("[unclosed");
        ((ObjectNode) right().get("jsonRpcMethodsAccessRights")).putArray("allowed").add("*tools");

        assertThat(errors()).containsExactlyInAnyOrder(
                "accessRights.mock-mcp.mcpAccessRights.tools.blocked[1]: "
                        + "invalid regular expression: Unclosed character class near index 8",
                "accessRights.mock-mcp.jsonRpcMethodsAccessRights.allowed[0]: "
                        + "invalid regular expression: Dangling meta character '*' near index 0");
    }

    @Test
    void validatesLimitsQuotasAndPrimitiveTypes() {
        policy.put("per", 0);
        policy.remove("rate");
        ((ObjectNode) policy.get("quota")).put("renewalSeconds", 0);
        ObjectNode primitive = (ObjectNode) right().at("/mcpPrimitives/0");
        primitive.put("type", "widget");
        primitive.remove("limit");
        primitive.remove("quota");
        ((ObjectNode) right().at("/jsonRpcMethods/0")).remove("limit");

        assertThat(errors()).containsExactlyInAnyOrder(
                "rate: is required when per is set",
                "per: must be greater than 0",
                "quota.renewalSeconds: must be greater than 0",
                "accessRights.mock-mcp.mcpPrimitives[0].type: must be one of tool, resource, prompt",
                "accessRights.mock-mcp.mcpPrimitives[0]: must set limit or quota",
                "accessRights.mock-mcp.jsonRpcMethods[0].limit: is required");
    }

    @Test
    void namesUnknownSnakeCaseAndCamelCaseFields() {
        right().put("mcp_acess_rights", 1);
        policy.put("rateLimit", 5);

        assertThat(errors()).containsExactlyInAnyOrder(
                "accessRights.mock-mcp.mcp_acess_rights: unknown field", "rateLimit: unknown field");
    }

    @Test
    void needsOnlyANameWhenCreated() {
        Policy minimal = Policy.parse("{\"name\": \"Free\"}");

        assertThat(minimal.id()).isNull();
        assertThat(minimal.accessRights()).isEmpty();
        assertThat(Fixtures.errors(Policy::parse, "{\"id\": \"bad id\"}".getBytes()))
                .containsExactlyInAnyOrder("id: must match [A-Za-z0-9][A-Za-z0-9._-]{0,63}", "name: must not be blank");
    }

    @Test
    void refusesPatternsThatMayBacktrackCatastrophicallyNamingTheField() {
        ((ObjectNode) right().at("/mcpAccessRights/tools")).putArray("allowed").add("get_.*").add("(a+)+");
        ((ObjectNode) right().at("/mcpAccessRights/resources")).putArray("blocked").add("(x|x)*");
        ((ObjectNode) right().at("/mcpAccessRights/prompts")).putArray("allowed").add("a".repeat(513));

        assertThat(errors()).containsExactlyInAnyOrder(
                "accessRights.mock-mcp.mcpAccessRights.tools.allowed[1]: "
                        + "pattern may backtrack catastrophically (nested quantifier)",
                "accessRights.mock-mcp.mcpAccessRights.resources.blocked[0]: "
                        + "pattern may backtrack catastrophically (overlapping alternation under a quantifier)",
                "accessRights.mock-mcp.mcpAccessRights.prompts.allowed[0]: must be at most 512 characters");
    }

    @Test
    void mapsATykPolicyOneToOne() {
        Policy tyk = Policy.parse(Fixtures.bytes("tyk-policy.json"));

        assertThat(tyk).isEqualTo(Policy.parse(Fixtures.bytes("spec-policy.json")));
        assertThat(new String(Json.write(tyk), java.nio.charset.StandardCharsets.UTF_8))
                .contains("\"quota\":{\"max\":100000,\"renewalSeconds\":86400}")
                .doesNotContain("quota_max", "api_id", "api_name", "_rights");
    }

    @Test
    void tykUnlimitedQuotaMeansNoQuota() {
        Policy policy = Policy.parse("{\"name\": \"Free\", \"quota_max\": -1, \"quota_renewal_rate\": -1}");

        assertThat(policy.quota()).isNull();
    }

    @Test
    void reportsBadTykFieldsByTheirTykNames() {
        ObjectNode tyk = Fixtures.tree("tyk-policy.json");
        tyk.put("quota_max", 0);
        tyk.remove("quota_renewal_rate");
        ((ObjectNode) tyk.at("/access_rights/mock-mcp")).put("api_id", "other-api");

        assertThat(Fixtures.errors(Policy::parse, tyk)).containsExactlyInAnyOrder(
                "quota_max: must be greater than 0, or -1 for no quota",
                "quota_renewal_rate: is required when quota_max is set",
                "accessRights.mock-mcp.api_id: must equal the proxy id the access right is keyed by ('mock-mcp')");
    }

    @Test
    void tykQuotaFieldsConflictWithQuota() {
        ObjectNode tyk = Fixtures.tree("tyk-policy.json");
        tyk.putObject("quota").put("max", 5).put("renewalSeconds", 60);
        tyk.put("quota_renewal_rate", "daily");

        assertThat(Fixtures.errors(Policy::parse, tyk)).containsExactlyInAnyOrder(
                "quota_renewal_rate: must be an integer greater than 0 (seconds)",
                "quota_max: conflicts with quota; set one or the other");
    }

    @Test
    void refusesAFieldGivenInBothSpellings() {
        policy.putObject("access_rights").putObject("other");
        ((ObjectNode) policy.get("quota")).put("renewal_seconds", 60);
        ((ObjectNode) policy.get("accessRights")).putObject("mock_mcp"); // proxy ids are not fields
        ((ObjectNode) policy.get("accessRights")).putObject("mockMcp");

        assertThat(errors()).containsExactlyInAnyOrder(
                "access_rights: is the same field as accessRights; give it once",
                "quota.renewal_seconds: is the same field as renewalSeconds; give it once");
    }

    @Test
    void namesAnUnknownFieldOfAnAccessRightWhateverItsValue() {
        String json = """
                {"name": "p", "access_rights": {"p1": {"api_id": "p1", "versions": ["Default"],
                  "allowed_urls": [{"url": "/x", "methods": ["GET"]}], "limit": {"rate": 1, "per": 1}, "x": {"y": 1}}}}""";

        assertThat(Fixtures.errors(Policy::parse, json.getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .containsExactlyInAnyOrder("access_rights.p1.versions: unknown field",
                        "access_rights.p1.allowed_urls: unknown field", "access_rights.p1.x: unknown field");
    }
}
