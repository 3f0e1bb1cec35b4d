package dev.portcullis.controlplane.auth;

import dev.portcullis.controlplane.support.Api;
import dev.portcullis.controlplane.support.ControlPlaneTestResource;
import dev.portcullis.controlplane.support.Dashboard;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import dev.portcullis.mock.MockMcpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.portcullis.controlplane.support.Api.admin;
import static dev.portcullis.controlplane.support.Api.unique;
import static dev.portcullis.controlplane.support.Dashboard.bearer;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every route of the API, as the OpenAPI document lists it, called with a viewer's and an editor's token: reads
 * work, changes are refused with 403 problem+json and change nothing. New routes are covered without editing this.
 */
@QuarkusTest
@WithTestResource(ControlPlaneTestResource.class)
class RoleChecksIT {

    private static final Set<String> WRITES = Set.of("post", "put", "patch", "delete");
    /** Routes every signed-in user may call for themselves: their own API tokens. */
    private static final Set<String> SELF_SERVICE = Set.of("post /api/tokens", "delete /api/tokens/{id}");
    private static final Set<String> ADMIN_ONLY_PREFIXES = Set.of("/api/users", "/api/audit",
            "/api/gateways/session-keys/rotate");
    /** Reads that make the control plane act for the caller (ask an upstream): editors and admins only. */
    private static final Set<String> EDITOR_READS = Set.of("/api/mcps/{id}/primitives");

    private Map<String, String> existing;

    /** The upstream of the proxy, so GET /api/mcps/{id}/primitives has a live MCP server to list. */
    private static MockMcpServer upstream;

    @BeforeAll
    static void startUpstream() {
        upstream = MockMcpServer.start("127.0.0.1", 0);
    }

    @AfterAll
    static void stopUpstream() {
        upstream.close();
    }

    @BeforeEach
    void createOneOfEach() {
        String proxy = unique();
        admin().body(Api.proxyJson(proxy, "Proxy " + proxy, "/roles-" + unique() + "/")
                        .replace("http://127.0.0.1:7878", upstream.baseUrl()))
                .post("/api/mcps").then().statusCode(201);
        String key = admin().body(Map.of("alias", "k-" + unique(), "proxies", List.of(proxy))).post("/api/keys")
                .then().statusCode(201).extract().path("id");
        String policy = admin().body("{\"name\":\"p-" + unique() + "\",\"accessRights\":{\"" + proxy
                        + "\":{\"limit\":{\"rate\":200,\"per\":60}}}}")
                .post("/api/policies").then().statusCode(201).extract().path("id");
        String secret = "s-" + unique();
        admin().body(Map.of("value", "v-" + unique())).put("/api/secrets/" + secret).then().statusCode(201);
        String token = admin().body(Map.of("name", "roles")).post("/api/tokens").then().statusCode(201)
                .extract().path("id");
        String version = admin().get("/api/config/versions").then().statusCode(200).extract().header("ETag")
                .replace("\"", "");
        existing = Map.of("/api/mcps", proxy, "/api/keys", key, "/api/policies", policy, "/api/secrets", secret,
                "/api/users", Long.toString(Dashboard.createUser("admin").id()), "/api/tokens", token,
                "/api/config", version);
    }

    @Test
    void aViewerReadsEverythingButUsersAndAuditAndChangesNothing() {
        String viewer = tokenFor("viewer");
        List<String> refused = new ArrayList<>();
        for (String[] route : routes()) {
            String method = route[0];
            String path = route[1];
            Response response = call(viewer, method, path);
            if (method.equals("get")) {
                int expected = adminOnly(path) || EDITOR_READS.contains(path) ? 403 : 200;
                assertThat(response.statusCode()).as("viewer GET %s: %s", path, response.asString())
                        .isEqualTo(expected);
            } else if (!SELF_SERVICE.contains(method + " " + path)) {
                assertForbidden(response, "viewer " + method + " " + path);
                refused.add(method + " " + path);
            }
        }
        assertThat(refused).as("the loop covered the configuration routes").contains("post /api/mcps",
                "put /api/mcps/{id}", "delete /api/mcps/{id}", "post /api/keys", "put /api/keys/{id}",
                "delete /api/keys/{id}", "post /api/policies", "put /api/policies/{id}",
                "delete /api/policies/{id}", "put /api/secrets/{name}", "delete /api/secrets/{name}",
                "post /api/users", "patch /api/users/{id}", "delete /api/users/{id}",
                "post /api/config/versions/{version}/rollback");
        assertEverythingStillExists();
    }

    @Test
    void anEditorChangesConfigurationButNotUsersOrAudit() {
        String editor = tokenFor("editor");
        for (String[] route : routes()) {
            if (adminOnly(route[1])) {
                assertForbidden(call(editor, route[0], route[1]), "editor " + route[0] + " " + route[1]);
            } else if (route[0].equals("get") && EDITOR_READS.contains(route[1])) {
                assertThat(call(editor, "get", route[1]).statusCode()).as("editor GET %s", route[1]).isEqualTo(200);
            }
        }
        bearer(editor).body(Api.proxyJson(null, "editor's", "/editor-" + unique() + "/")).post("/api/mcps")
                .then().statusCode(201);
        assertEverythingStillExists();
    }

    private void assertEverythingStillExists() {
        existing.forEach((collection, id) -> {
            if (!collection.equals("/api/tokens") && !collection.equals("/api/config")) {
                admin().get(collection + "/" + id).then().statusCode(200);
            }
        });
    }

    private String tokenFor(String role) {
        return Dashboard.createToken(Dashboard.signIn(Dashboard.createUser(role)), null);
    }

    private Response call(String token, String method, String path) {
        String concrete = path.replaceAll("\\{[^}]+}", existing.getOrDefault(collection(path), "x"));
        var request = bearer(token).header("If-Match", "\"0\"");
        if (!method.equals("get") && !method.equals("delete")) {
            request = request.body("{}");
        }
        return request.request(method.toUpperCase(), concrete);
    }

    private static void assertForbidden(Response response, String what) {
        assertThat(response.statusCode()).as("%s: %s", what, response.asString()).isEqualTo(403);
        assertThat(response.contentType()).as(what).startsWith("application/problem+json");
        assertThat(response.asString()).as(what).contains("\"status\":403");
    }

    private static boolean adminOnly(String path) {
        return ADMIN_ONLY_PREFIXES.stream().anyMatch(path::startsWith);
    }

    private static String collection(String path) {
        int second = path.indexOf('/', "/api/".length());
        return second < 0 ? path : path.substring(0, second);
    }

    /** {method, path} of every /api operation in the OpenAPI document. */
    private static List<String[]> routes() {
        Map<String, Map<String, Object>> paths = RestAssured.given().accept("application/json")
                .get("/q/openapi?format=json").then().statusCode(200).extract().path("paths");
        List<String[]> routes = new ArrayList<>();
        paths.forEach((path, operations) -> operations.keySet().stream()
                .filter(method -> method.equals("get") || WRITES.contains(method))
                .filter(method -> path.startsWith("/api/"))
                .forEach(method -> routes.add(new String[]{method, path})));
        assertThat(routes).hasSizeGreaterThan(20);
        return routes;
    }
}
