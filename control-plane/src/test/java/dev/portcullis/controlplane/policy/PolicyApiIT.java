package dev.portcullis.controlplane.policy;

import dev.portcullis.controlplane.support.ControlPlaneTestResource;
import dev.portcullis.model.json.Json;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.portcullis.controlplane.support.Api.admin;
import static dev.portcullis.controlplane.support.Api.createProxy;
import static dev.portcullis.controlplane.support.Api.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

@QuarkusTest
@WithTestResource(ControlPlaneTestResource.class)
class PolicyApiIT {

    @Test
    void createDerivesTheIdFromTheNameAndReturnsLocationAndEtag() {
        String proxy = createProxy("/" + unique() + "/");
        String name = "Gold Agents " + unique();
        String slug = name.toLowerCase().replace(' ', '-');

        Response created = admin().body(policy(null, name, proxy)).post("/api/policies");

        created.then().statusCode(201)
                .header("Location", endsWith("/api/policies/" + slug))
                .header("ETag", equalTo("\"0\""))
                .body("id", equalTo(slug))
                .body("accessRights." + proxy + ".limit.rate", equalTo(200));
        admin().body(policy(null, name, proxy)).post("/api/policies").then().statusCode(201)
                .body("id", equalTo(slug + "-2"));
        admin().get("/api/policies/" + slug).then().statusCode(200).header("ETag", equalTo("\"0\""))
                .body("name", equalTo(name));
        admin().get("/api/policies").then().statusCode(200).body("id", hasItem(slug));
    }

    @Test
    void readingAPolicyAnswersTheSameJsonAsWritingIt() {
        String proxy = createProxy("/" + unique() + "/");
        String id = unique();
        String created = admin().body(policy(id, "Canonical", proxy)).post("/api/policies").then().statusCode(201)
                .extract().asString();

        assertThat(admin().get("/api/policies/" + id).then().statusCode(200).extract().asString()).isEqualTo(created);
        assertThat(admin().get("/api/policies").then().statusCode(200).extract().asString()).contains(created);
    }

    @Test
    void explicitIdThatExistsIs409() {
        String id = unique();
        admin().body(Map.of("id", id, "name", "p")).post("/api/policies").then().statusCode(201);

        admin().body(Map.of("id", id, "name", "p")).post("/api/policies").then().statusCode(409)
                .contentType("application/problem+json");
    }

    @Test
    void updateNeedsACurrentIfMatch() {
        String proxy = createProxy("/" + unique() + "/");
        String id = unique();
        admin().body(policy(id, "Before", proxy)).post("/api/policies").then().statusCode(201);
        String change = policy(null, "After", proxy);

        admin().body(change).put("/api/policies/" + id).then().statusCode(428)
                .body("type", equalTo("urn:portcullis:problem:precondition-required"));
        admin().header("If-Match", "\"7\"").body(change).put("/api/policies/" + id).then().statusCode(412)
                .body("currentEtag", equalTo("\"0\""));
        admin().header("If-Match", "\"0\"").body(change).put("/api/policies/" + id).then().statusCode(200)
                .header("ETag", equalTo("\"1\""))
                .body("id", equalTo(id))
                .body("name", equalTo("After"));
        admin().header("If-Match", "\"1\"").body(policy("other", "After", proxy)).put("/api/policies/" + id)
                .then().statusCode(400).body("errors.field", contains("id"));
    }

    @Test
    void everyInvalidFieldIsNamed() {
        String proxy = createProxy("/" + unique() + "/");
        String missing = "nope-" + unique();
        String body = """
                {"name": " ", "rate": 10, "quota": {"max": 0, "renewalSeconds": 60}, "colour": "gold",
                 "accessRights": {
                   "%s": {"mcpAccessRights": {"tools": {"allowed": ["[unclosed", "(a+)+"]}},
                          "jsonRpcMethods": [{"name": "tools/call"}],
                          "mcpPrimitives": [{"type": "widget", "name": "x", "limit": {"rate": 1, "per": 1}}]}}}
                """.formatted(proxy);

        Response response = admin().body(body).post("/api/policies");

        response.then().statusCode(400).contentType("application/problem+json")
                .body("type", equalTo("urn:portcullis:problem:validation"));
        assertThat(response.jsonPath().<Map<String, String>>getList("errors"))
                .extracting(e -> e.get("field") + ": " + e.get("message"))
                .containsExactlyInAnyOrder(
                        "colour: unknown field",
                        "name: must not be blank",
                        "per: is required when rate is set",
                        "quota.max: must be greater than 0",
                        "accessRights." + proxy + ".mcpAccessRights.tools.allowed[0]: "
                                + "invalid regular expression: Unclosed character class near index 8",
                        "accessRights." + proxy + ".mcpAccessRights.tools.allowed[1]: "
                                + "pattern may backtrack catastrophically (nested quantifier)",
                        "accessRights." + proxy + ".jsonRpcMethods[0].limit: is required",
                        "accessRights." + proxy + ".mcpPrimitives[0].type: must be one of tool, resource, prompt");
        admin().body(policy(null, "p", missing)).post("/api/policies").then().statusCode(400)
                .body("errors.field", contains("accessRights." + missing))
                .body("errors.message", contains("unknown proxy '" + missing + "'"));
        admin().body("{\"name\": ").post("/api/policies").then().statusCode(400)
                .body("type", equalTo("urn:portcullis:problem:malformed-json"));
    }

    @Test
    void catastrophicPatternsAreRefusedOnUpdateToo() {
        String proxy = createProxy("/" + unique() + "/");
        String id = unique();
        admin().body(policy(id, "p", proxy)).post("/api/policies").then().statusCode(201);
        String body = "{\"name\":\"p\",\"accessRights\":{\"" + proxy + "\":{\"mcpAccessRights\":{\"resources\":"
                + "{\"blocked\":[\"(\\\\w+\\\\s?)*\", \"(x|x)*\"]}}}}}";

        admin().header("If-Match", "\"0\"").body(body).put("/api/policies/" + id).then().statusCode(400)
                .body("errors.field", contains(
                        "accessRights." + proxy + ".mcpAccessRights.resources.blocked[0]",
                        "accessRights." + proxy + ".mcpAccessRights.resources.blocked[1]"))
                .body("errors.message", contains(
                        "pattern may backtrack catastrophically (nested quantifier)",
                        "pattern may backtrack catastrophically (overlapping alternation under a quantifier)"));
        admin().get("/api/policies/" + id).then().header("ETag", equalTo("\"0\""));
    }

    @Test
    void acceptsTykSnakeCaseAndAnswersInCamelCase() throws Exception {
        String proxy = createProxy("/" + unique() + "/");
        String id = unique();
        String tyk = """
                {"id": "%1$s", "name": "Tyk gold", "rate": 1000, "per": 60,
                 "quota_max": 100000, "quota_renewal_rate": 86400,
                 "access_rights": {"%2$s": {
                   "api_id": "%2$s", "api_name": "Mock MCP Server",
                   "limit": {"rate": 200, "per": 60},
                   "mcp_access_rights": {"tools": {"allowed": ["get_.*"], "blocked": ["delete_.*"]}},
                   "json_rpc_methods_access_rights": {"blocked": ["sampling/createMessage"]},
                   "json_rpc_methods": [{"name": "tools/call", "limit": {"rate": 100, "per": 60}}],
                   "mcp_primitives": [{"type": "tool", "name": "generate_report",
                                       "quota": {"max": 1000, "renewal_seconds": 86400}}]}}}
                """.formatted(id, proxy);

        String created = admin().body(tyk).post("/api/policies").then().statusCode(201)
                .body("quota.max", equalTo(100000))
                .body("quota.renewalSeconds", equalTo(86400))
                .body("accessRights." + proxy + ".mcpAccessRights.tools.allowed", contains("get_.*"))
                .body("accessRights." + proxy + ".jsonRpcMethodsAccessRights.blocked", contains("sampling/createMessage"))
                .body("accessRights." + proxy + ".jsonRpcMethods[0].limit.rate", equalTo(100))
                .body("accessRights." + proxy + ".mcpPrimitives[0].quota.renewalSeconds", equalTo(86400))
                .body("accessRights." + proxy, not(hasKey("api_id")))
                .extract().asString();

        assertThat(created).doesNotContain("access_rights", "quota_max", "renewal_seconds", "api_name", "mcp_");
        assertThat(Json.mapper().readTree(admin().get("/api/policies/" + id).asString()))
                .isEqualTo(Json.mapper().readTree(created));
    }

    @Test
    void unknownPolicyIs404() {
        admin().get("/api/policies/" + unique()).then().statusCode(404).contentType("application/problem+json");
        admin().delete("/api/policies/" + unique()).then().statusCode(404);
    }

    @Test
    void deletingAPolicyStillBoundToKeysIs409NamingThem() {
        String proxy = createProxy("/" + unique() + "/");
        String id = unique();
        admin().body(policy(id, "p", proxy)).post("/api/policies").then().statusCode(201);
        String alias = "agent-" + unique();
        String key = admin().body(Map.of("alias", alias, "policies", List.of(id))).post("/api/keys")
                .then().statusCode(201).extract().path("id");

        admin().delete("/api/policies/" + id).then().statusCode(409)
                .contentType("application/problem+json")
                .body("detail", containsString("used by 1 key"))
                .body("boundKeyCount", equalTo(1))
                .body("boundKeys.id", contains(key))
                .body("boundKeys.alias", contains(alias));

        admin().delete("/api/keys/" + key).then().statusCode(204);
        admin().header("If-Match", "\"3\"").delete("/api/policies/" + id).then().statusCode(412);
        admin().delete("/api/policies/" + id).then().statusCode(204);
        admin().get("/api/policies/" + id).then().statusCode(404);
        admin().get("/api/keys/" + key).then().body("policies.size()", equalTo(0));
    }

    @Test
    void deletingAProxyRemovesItFromPolicies() {
        String kept = createProxy("/" + unique() + "/");
        String deleted = createProxy("/" + unique() + "/");
        String id = unique();
        admin().body("{\"id\":\"" + id + "\",\"name\":\"p\",\"accessRights\":{\"" + kept + "\":{},\"" + deleted
                + "\":{}}}").post("/api/policies").then().statusCode(201);

        admin().delete("/api/mcps/" + deleted).then().statusCode(204);

        admin().get("/api/policies/" + id).then().statusCode(200)
                .header("ETag", equalTo("\"1\""))
                .body("accessRights", hasKey(kept))
                .body("accessRights", not(hasKey(deleted)));
    }

    @Test
    void keysTakePoliciesAndRefuseUnknownOnes() {
        String proxy = createProxy("/" + unique() + "/");
        String id = unique();
        admin().body(policy(id, "p", proxy)).post("/api/policies").then().statusCode(201);

        String key = admin().body(Map.of("alias", "a", "policies", List.of(id))).post("/api/keys").then()
                .statusCode(201)
                .body("policies", contains(id))
                .body("proxies.size()", equalTo(0))
                .extract().path("id");
        admin().body(Map.of("alias", "a", "proxies", List.of(proxy), "policies", List.of(id, "nope-" + unique())))
                .post("/api/keys").then().statusCode(400)
                .body("errors.field", contains("policies[1]"));
        admin().body(Map.of("alias", "a")).post("/api/keys").then().statusCode(400)
                .body("errors.field", contains("proxies"))
                .body("errors.message", contains("a key needs at least one proxy or policy"));
        admin().header("If-Match", "\"0\"").body(Map.of("alias", "a", "proxies", List.of(proxy), "policies",
                List.of())).put("/api/keys/" + key).then().statusCode(200)
                .body("policies.size()", equalTo(0))
                .body("proxies", containsInAnyOrder(proxy))
                .body("key", nullValue());
    }

    /** A policy granting {@code proxy} with a per-proxy limit and a tool allowlist. */
    static String policy(String id, String name, String proxy) {
        return (id == null ? "{" : "{\"id\":\"" + id + "\",") + "\"name\":\"" + name + "\",\"accessRights\":{\""
                + proxy + "\":{\"limit\":{\"rate\":200,\"per\":60},"
                + "\"mcpAccessRights\":{\"tools\":{\"allowed\":[\"get_.*\"]}}}}}";
    }
}
