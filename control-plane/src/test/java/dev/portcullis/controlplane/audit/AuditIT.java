package dev.portcullis.controlplane.audit;

import dev.portcullis.controlplane.support.Api;
import dev.portcullis.controlplane.support.ControlPlaneTestResource;
import dev.portcullis.controlplane.support.Dashboard;
import dev.portcullis.model.key.KeyTokens;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.portcullis.controlplane.support.Api.admin;
import static dev.portcullis.controlplane.support.Api.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

@QuarkusTest
@WithTestResource(ControlPlaneTestResource.class)
class AuditIT {

    @Inject
    AgroalDataSource dataSource;

    @Test
    void everyKindOfChangeIsRecordedWithBeforeAndAfter() {
        String proxy = Api.createProxy("/audit-" + unique() + "/");
        admin().header("If-Match", "\"0\"").body(Api.proxyJson(proxy, "Renamed " + proxy, "/audit-" + proxy + "/"))
                .put("/api/mcps/" + proxy).then().statusCode(200);
        String key = admin().body(Map.of("alias", "k-" + unique(), "proxies", List.of(proxy))).post("/api/keys")
                .then().statusCode(201).extract().path("id");
        String policy = admin().body("{\"name\":\"p-" + unique() + "\",\"accessRights\":{\"" + proxy
                + "\":{\"limit\":{\"rate\":200,\"per\":60}}}}").post("/api/policies").then().statusCode(201)
                .extract().path("id");
        String secret = "s-" + unique();
        admin().body(Map.of("value", "v-" + unique())).put("/api/secrets/" + secret).then().statusCode(201);
        Dashboard.User user = Dashboard.createUser("viewer");
        String token = admin().body(Map.of("name", "audited")).post("/api/tokens").then().statusCode(201)
                .extract().path("id");
        admin().delete("/api/tokens/" + token).then().statusCode(204);

        entries("proxy", proxy).then().body("entries.action", org.hamcrest.Matchers.contains("update", "create"))
                .body("entries[0].actor", equalTo("admin"))
                .body("entries[0].before.name", equalTo("Proxy " + proxy))
                .body("entries[0].after.name", equalTo("Renamed " + proxy))
                .body("entries[1].before", nullValue());
        entries("key", key).then().body("entries[0].action", equalTo("create"))
                .body("entries[0].after.alias", org.hamcrest.Matchers.startsWith("k-"));
        entries("policy", policy).then().body("entries[0].action", equalTo("create"));
        entries("secret", secret).then().body("entries[0].action", equalTo("create"));
        entries("user", user.username()).then().body("entries[0].after.role", equalTo("viewer"));
        entries("token", token).then().body("entries.action", org.hamcrest.Matchers.contains("revoke", "create"))
                .body("entries[0].before.revokedAt", nullValue());
    }

    @Test
    void noSecretReachesTheAuditLog() throws Exception {
        String proxy = Api.createProxy("/secret-audit-" + unique() + "/");
        String secretValue = "sv-" + unique() + unique();
        String secret = "s-" + unique();
        admin().body(Map.of("value", secretValue)).put("/api/secrets/" + secret).then().statusCode(201);
        admin().body(Map.of("value", secretValue + "2")).put("/api/secrets/" + secret).then().statusCode(204);
        Response key = admin().body(Map.of("alias", "k-" + unique(), "proxies", List.of(proxy))).post("/api/keys");
        String keyToken = key.then().statusCode(201).extract().path("key");
        String keyId = key.path("id");
        Dashboard.User user = Dashboard.createUser("editor");
        String newPassword = "reset-" + unique() + unique();
        admin().body(Map.of("password", newPassword)).patch("/api/users/" + user.id()).then().statusCode(200);
        String jwt = admin().body(Map.of("name", "secret-audit")).post("/api/tokens").then().statusCode(201)
                .extract().path("token");

        List<String> secrets = new ArrayList<>(List.of(secretValue, secretValue + "2", keyToken,
                KeyTokens.hash(keyToken), user.password(), newPassword, jwt, KeyTokens.hash(jwt),
                Api.adminPassword(), Api.adminToken()));
        secrets.add(column("select token_hash from api_key where id = ?", keyId));
        secrets.add(column("select password_hash from app_user where id = ?", user.id()));
        secrets.add(column("select password_hash from app_user where username = ?", "admin"));

        String api = admin().get("/api/audit?size=200").then().statusCode(200).extract().asString();
        String table = column("select string_agg(coalesce(before::text, '') || coalesce(after::text, ''), ' ')"
                + " from audit_entry where ? = ?", 1, 1);
        assertThat(api).contains(secret, user.username());
        for (String value : secrets) {
            assertThat(value).isNotBlank();
            assertThat(api).as("the audit API").doesNotContain(value);
            assertThat(table).as("the audit table").doesNotContain(value);
        }
        entries("user", user.username()).then().body("entries[0].action", equalTo("reset-password"))
                .body("entries[0].after.password", equalTo("***"));
    }

    @Test
    void literalHeaderValuesOfAProxyNeverReachTheAuditLog() throws Exception {
        String id = unique();
        String apiKey = "xk-" + unique() + unique();
        String bearer = "Bearer bt-" + unique() + unique();
        String added = "ak-" + unique() + unique();
        admin().body("{\"id\":\"" + id + "\",\"name\":\"" + id + "\",\"listenPath\":\"/" + id + "/\","
                + "\"upstream\":{\"url\":\"http://127.0.0.1:7878\",\"authentication\":{\"headers\":{"
                + "\"X-Api-Key\":\"" + apiKey + "\",\"Authorization\":\"" + bearer + "\"}}},"
                + "\"global\":{\"transformRequestHeaders\":{\"add\":{\"X-Api-Key\":\"" + added + "\"}}}}")
                .post("/api/mcps").then().statusCode(201);

        String api = entries("proxy", id).then().body("entries[0].action", equalTo("create"))
                .body("entries[0].after.upstream.authentication.headers.X-Api-Key", equalTo("***"))
                .body("entries[0].after.upstream.authentication.headers.Authorization", equalTo("***"))
                .extract().asString();
        String table = column("select string_agg(coalesce(after::text, ''), ' ') from audit_entry"
                + " where entity_id = ?", id);
        for (String value : List.of(apiKey, bearer, added)) {
            assertThat(api).as("the audit API").doesNotContain(value);
            assertThat(table).as("the audit table").doesNotContain(value);
        }
    }

    @Test
    void filtersByActorAndRefusesBadQueries() {
        Dashboard.User editor = Dashboard.createUser("editor");
        Dashboard.Session session = Dashboard.signIn(editor);
        session.request().body(Api.proxyJson(null, "by editor", "/by-" + unique() + "/")).post("/api/mcps").then()
                .statusCode(201);

        admin().get("/api/audit?actor=" + editor.username()).then().statusCode(200)
                .body("entries.actor", org.hamcrest.Matchers.everyItem(equalTo(editor.username())))
                .body("entries.size()", equalTo(1));
        admin().get("/api/audit?from=yesterday").then().statusCode(400).contentType("application/problem+json");
        admin().get("/api/audit?size=100000").then().statusCode(400);
    }

    private static Response entries(String type, String id) {
        Response response = admin().queryParam("entityType", type).queryParam("entityId", id).get("/api/audit");
        response.then().statusCode(200);
        return response;
    }

    private String column(String sql, Object... parameters) throws Exception {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement query = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                query.setObject(i + 1, parameters[i]);
            }
            try (ResultSet row = query.executeQuery()) {
                assertThat(row.next()).isTrue();
                return row.getString(1);
            }
        }
    }
}
