package dev.portcullis.controlplane.tykimport;

import dev.portcullis.controlplane.support.ControlPlaneTestResource;
import dev.portcullis.controlplane.support.Dashboard;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static dev.portcullis.controlplane.support.Api.admin;
import static dev.portcullis.controlplane.support.Api.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

@QuarkusTest
@WithTestResource(ControlPlaneTestResource.class)
class TykImportIT {

    @Test
    void aDryRunAnswersWhatWouldBeCreatedAndWhatWasLeftBehindAndSavesNothing() {
        Fixture tyk = Fixture.create();

        JsonPath report = admin().body(tyk.request(true)).post("/api/import/tyk").then().statusCode(200)
                .body("dryRun", equalTo(true))
                .extract().jsonPath();

        assertThat(report.getString("proxies[0].id")).isEqualTo(tyk.apiId);
        assertThat(report.getString("proxies[0].tykId")).isEqualTo(tyk.apiId);
        Map<String, Object> proxy = report.getMap("proxies[0].result");
        assertThat(proxy).containsEntry("listenPath", "/" + tyk.path + "/").containsEntry("active", true);
        assertThat(report.getInt("proxies[0].result.upstream.timeoutMs")).isEqualTo(30000);
        assertThat(report.getString("proxies[0].result.authentication.authToken.header")).isEqualTo("Authorization");
        assertThat(report.getMap("proxies[0].result.global.rateLimit")).containsEntry("rate", 1000).containsEntry("per", 60);
        assertThat(report.getMap("proxies[0].result.tools.get_users.rateLimit")).containsEntry("rate", 100)
                .containsEntry("per", 60);
        assertThat(report.getInt("proxies[0].result.tools.get_users.timeoutMs")).isEqualTo(10000);
        assertThat(report.getBoolean("proxies[0].result.tools.delete_user.block")).isTrue();
        assertThat(report.getBoolean("proxies[0].result.tools.get_analytics.track")).isTrue();
        assertThat(report.getMap("proxies[0].result.operations.'tools/call'.rateLimit")).containsEntry("rate", 600);
        assertThat(report.getString("proxies[0].result.prompts.user_management.transformRequestHeaders.add.X-Source"))
                .isEqualTo("tyk-import");
        assertThat(report.getList("proxies[0].ignored.field", String.class)).contains(
                "x-tyk-api-gateway.info.orgId", "x-tyk-api-gateway.info.dbId",
                "x-tyk-api-gateway.server.detailedActivityLogs", "x-tyk-api-gateway.middleware.global.contextVariables",
                "x-tyk-api-gateway.middleware.mcpTools.get_analytics.cache", "servers")
                .doesNotContain("x-tyk-api-gateway.middleware.operations.toolsList");

        assertThat(report.getString("policies[0].id")).isEqualTo(tyk.policyId);
        assertThat(report.getMap("policies[0].result")).containsEntry("rate", 5).containsEntry("per", 60)
                .doesNotContainKey("quota");
        String right = "policies[0].result.accessRights." + tyk.apiId;
        assertThat(report.getList(right + ".mcpAccessRights.tools.allowed", String.class)).containsExactly("get_.*");
        assertThat(report.getList(right + ".mcpAccessRights.resources.blocked", String.class))
                .containsExactly("users://.*");
        assertThat(report.getList(right + ".jsonRpcMethodsAccessRights.blocked", String.class))
                .containsExactly("sampling/createMessage");
        assertThat(report.getMap(right + ".jsonRpcMethods[0]")).containsEntry("name", "tools/call");
        assertThat(report.getMap(right + ".mcpPrimitives[0].limit")).containsEntry("rate", 3).containsEntry("per", 60);
        List<Map<String, String>> ignored = report.getList("policies[0].ignored");
        assertThat(ignored).extracting(i -> i.get("field")).contains("_id", "org_id", "tags", "key_expires_in",
                "meta_data", "access_rights." + tyk.apiId + ".versions", "last_updated");
        assertThat(ignored).allSatisfy(i -> assertThat(i.get("reason")).isNotBlank());

        admin().get("/api/mcps/" + tyk.apiId).then().statusCode(404);
        admin().get("/api/policies/" + tyk.policyId).then().statusCode(404);
    }

    @Test
    void anImportCreatesTheProxyAndPolicyThroughTheApiRulesAndAuditsThem() {
        Fixture tyk = Fixture.create();
        JsonPath preview = admin().body(tyk.request(true)).post("/api/import/tyk").then().statusCode(200)
                .extract().jsonPath();

        JsonPath report = admin().body(tyk.request(false)).post("/api/import/tyk").then().statusCode(201)
                .body("dryRun", equalTo(false)).extract().jsonPath();

        assertThat(report.getMap("proxies[0].result")).isEqualTo(preview.getMap("proxies[0].result"));
        assertThat(report.getMap("policies[0].result")).isEqualTo(preview.getMap("policies[0].result"));
        admin().get("/api/mcps/" + tyk.apiId).then().statusCode(200).header("ETag", "\"0\"")
                .body("listenPath", equalTo("/" + tyk.path + "/"));
        admin().get("/api/policies/" + tyk.policyId).then().statusCode(200)
                .body("accessRights." + tyk.apiId + ".mcpAccessRights.tools.blocked", hasItem("get_anything"));
        admin().queryParam("entityType", "proxy").queryParam("entityId", tyk.apiId).get("/api/audit").then()
                .statusCode(200).body("entries[0].action", equalTo("create"));
        admin().queryParam("entityType", "policy").queryParam("entityId", tyk.policyId).get("/api/audit").then()
                .statusCode(200).body("entries[0].action", equalTo("create"));

        admin().body(tyk.request(false)).post("/api/import/tyk").then().statusCode(400)
                .body("errors.field", hasItem("apiDefinitions[0]"))
                .body("errors.message", hasItem("becomes proxy '" + tyk.apiId + "', which already exists"));
    }

    @Test
    void anyProblemRefusesTheWholeImportNamingTheTykField() {
        Fixture tyk = Fixture.create();
        String policy = tyk.policy.replace("\"api_id\": \"" + tyk.apiId + "\"", "\"api_id\": \"other\"")
                .replace("\"get_.*\"", "\"(a+)+\"");
        String request = "{\"dryRun\": false, \"apiDefinitions\": [" + tyk.api.replace("\"per\": \"1m\"}, \"enforce",
                "\"per\": \"1.5s\"}, \"enforce") + "], \"policies\": [" + policy + "]}";

        JsonPath problem = admin().body(request).post("/api/import/tyk").then().statusCode(400)
                .contentType("application/problem+json").extract().jsonPath();

        assertThat(problem.getList("errors.field", String.class)).containsExactlyInAnyOrder(
                "apiDefinitions[0].x-tyk-api-gateway.middleware.mcpTools.get_users.rateLimit.per",
                "policies[0].access_rights." + tyk.apiId + ".api_id",
                "policies[0].result.accessRights." + tyk.apiId + ".mcpAccessRights.tools.allowed[0]");
        assertThat(problem.getString("report.proxies[0].source")).isEqualTo("apiDefinitions[0]");
        admin().get("/api/mcps/" + tyk.apiId).then().statusCode(404);
        admin().get("/api/policies/" + tyk.policyId).then().statusCode(404);
    }

    @Test
    void aDryRunRefusesWhatTheImportWouldRefuseAndSavesNothing() {
        Fixture tyk = Fixture.create();
        String missing = "${secret:" + unique() + "-missing}";
        String request = tyk.request(true).replace("\"value\": \"tyk-import\"", "\"value\": \"" + missing + "\"");

        admin().body(request).post("/api/import/tyk").then().statusCode(400)
                .contentType("application/problem+json");

        admin().body(tyk.request(true)).post("/api/import/tyk").then().statusCode(200);
        admin().get("/api/mcps/" + tyk.apiId).then().statusCode(404);
        admin().get("/api/policies/" + tyk.policyId).then().statusCode(404);
    }

    @Test
    void restrictionsThatCannotBeCarriedOverRefuseTheImportInsteadOfLooseningIt() {
        Fixture tyk = Fixture.create();
        String api = tyk.api
                .replace("\"toolsCall\": {", "\"toolsCall\": {\"internal\": {\"enabled\": true}, ")
                .replace("\"delete_user\": {", "\"delete_user\": {\"scopeCheck\": {\"enabled\": true,"
                        + " \"scopes\": [\"admin\"]}, ")
                .replace("\"detailedActivityLogs\"", "\"ipAccessControl\": {\"enabled\": true,"
                        + " \"allow\": [\"10.0.0.0/8\"]}, \"detailedActivityLogs\"")
                .replace("\"authToken\": {\"enabled\": true}", "\"authToken\": {\"enabled\": true,"
                        + " \"enableClientCertificate\": true}");
        String policy = tyk.policy.replace("\"allowed_urls\": []",
                "\"allowed_urls\": [{\"url\": \"/mcp\", \"methods\": [\"POST\"]}]");
        String request = "{\"dryRun\": true, \"apiDefinitions\": [" + api + "], \"policies\": [" + policy + "]}";

        JsonPath problem = admin().body(request).post("/api/import/tyk").then().statusCode(400)
                .extract().jsonPath();

        String x = "apiDefinitions[0].x-tyk-api-gateway.";
        assertThat(problem.getList("errors.field", String.class)).containsExactlyInAnyOrder(
                x + "middleware.operations.toolsCall.internal",
                x + "middleware.mcpTools.delete_user.scopeCheck",
                x + "server.ipAccessControl",
                x + "server.authentication.securitySchemes.authToken.enableClientCertificate",
                "policies[0].access_rights." + tyk.apiId + ".allowed_urls");
        assertThat(problem.getList("errors.message", String.class)).allSatisfy(message -> assertThat(message)
                .contains("would let through what Tyk refuses").endsWith("remove it from the import to accept that"));
    }

    @Test
    void aPolicyForAnUnknownApiAndUnknownRequestFieldsAreRefused() {
        admin().body("{\"policies\": [{\"name\": \"p\", \"org_id\": \"o\", \"access_rights\": {\"nope\": {}}}],"
                        + " \"dry_run\": true}")
                .post("/api/import/tyk").then().statusCode(400)
                .body("errors.field", org.hamcrest.Matchers.containsInAnyOrder("dry_run",
                        "policies[0].access_rights.nope"));
        admin().body("{}").post("/api/import/tyk").then().statusCode(400).body("errors[0].field", equalTo(""));
    }

    @Test
    void onlyAdminsMayImport() {
        Fixture tyk = Fixture.create();
        Dashboard.Session editor = Dashboard.signIn(Dashboard.createUser("editor"));

        editor.request().body(tyk.request(true)).post("/api/import/tyk").then().statusCode(403);
    }

    /** The Tyk fixtures with this test's own API id, listen path and policy id. */
    record Fixture(String apiId, String path, String policyId, String api, String policy) {

        static Fixture create() {
            String apiId = unique() + "b84fe1a04e564892";
            String path = "tyk-" + unique();
            String policyId = "pol-" + unique();
            return new Fixture(apiId, path, policyId,
                    read("mcp-api-definition.json").replace("__ID__", apiId).replace("__PATH__", path)
                            .replace("__UPSTREAM__", "http://127.0.0.1:7878/mcp"),
                    read("mcp-policy.json").replace("__ID__", apiId).replace("__POLICY__", policyId));
        }

        String request(boolean dryRun) {
            return "{\"dryRun\": " + dryRun + ", \"apiDefinitions\": [" + api + "], \"policies\": [" + policy + "]}";
        }

        private static String read(String name) {
            try (InputStream in = TykImportIT.class.getResourceAsStream("/tyk/" + name)) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
