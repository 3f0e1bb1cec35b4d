package dev.portcullis.controlplane.token;

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
import java.sql.ResultSet;
import java.util.Map;

import static dev.portcullis.controlplane.support.Api.admin;
import static dev.portcullis.controlplane.support.Api.proxyJson;
import static dev.portcullis.controlplane.support.Api.unique;
import static dev.portcullis.controlplane.support.Dashboard.bearer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;

@QuarkusTest
@WithTestResource(ControlPlaneTestResource.class)
class ApiTokenIT {

    @Inject
    AgroalDataSource dataSource;

    @Test
    void aCreatedTokenWorksUntilItIsRevoked() throws Exception {
        Response created = admin().body(Map.of("name", "ci pipeline", "role", "editor")).post("/api/tokens");
        created.then().statusCode(201).header("Cache-Control", "no-store").body("role", equalTo("editor"))
                .body("owner", equalTo("admin")).body("token", notNullValue());
        String token = created.path("token");
        String id = created.path("id");

        bearer(token).get("/api/mcps").then().statusCode(200);
        bearer(token).body(proxyJson(null, "by token",
                "/tok-" + unique() + "/")).post("/api/mcps")
                .then().statusCode(201);
        String list = admin().get("/api/tokens").then().statusCode(200).body("id", hasItem(id)).extract().asString();
        assertThat(list).doesNotContain(token);
        assertThat(storedColumns(id)).doesNotContain(token).contains(KeyTokens.hash(token));

        admin().delete("/api/tokens/" + id).then().statusCode(204);

        bearer(token).get("/api/mcps").then().statusCode(401).contentType("application/problem+json");
        admin().delete("/api/tokens/" + id).then().statusCode(409);
    }

    @Test
    void aTokenActsWithTheLowerOfItsRoleAndItsOwnersCurrentRole() {
        Dashboard.User owner = Dashboard.createUser("admin");
        String token = Dashboard.createToken(Dashboard.signIn(owner), "admin");
        bearer(token).get("/api/users").then().statusCode(200);

        admin().body(Map.of("role", "viewer")).patch("/api/users/" + owner.id()).then().statusCode(200);

        bearer(token).get("/api/users").then().statusCode(403).contentType("application/problem+json");
        bearer(token).body(proxyJson(null, "capped", "/capped/"))
                .post("/api/mcps").then().statusCode(403);
        bearer(token).get("/api/mcps").then().statusCode(200);

        admin().body(Map.of("enabled", false)).patch("/api/users/" + owner.id()).then().statusCode(200);
        bearer(token).get("/api/mcps").then().statusCode(401);
    }

    @Test
    void aTokenCannotBeCreatedAboveTheCallersRole() {
        Dashboard.Session editor = Dashboard.signIn(Dashboard.createUser("editor"));
        editor.request().body(Map.of("name", "too much", "role", "admin")).post("/api/tokens").then()
                .statusCode(403).contentType("application/problem+json")
                .body("errors.field", containsInAnyOrder("role"));
        String token = Dashboard.createToken(editor, null);
        bearer(token).get("/api/users").then().statusCode(403);
    }

    @Test
    void aViewerScopedTokenOfAnAdminCannotMintAnEditorOrAdminToken() {
        String viewerToken = Dashboard.createToken(Dashboard.signIn(Dashboard.createUser("admin")), "viewer");

        for (String role : new String[] {"editor", "admin"}) {
            bearer(viewerToken).body(Map.of("name", "escalate", "role", role)).post("/api/tokens").then()
                    .statusCode(403).contentType("application/problem+json")
                    .body("errors.field", containsInAnyOrder("role"));
        }
        bearer(viewerToken).body(Map.of("name", "default")).post("/api/tokens").then()
                .statusCode(201).body("role", equalTo("viewer"));
    }

    @Test
    void anEditorScopedTokenMintsViewerAndEditorTokensOnly() {
        String editorToken = Dashboard.createToken(Dashboard.signIn(Dashboard.createUser("admin")), "editor");

        bearer(editorToken).body(Map.of("name", "down", "role", "viewer")).post("/api/tokens").then()
                .statusCode(201).body("role", equalTo("viewer"));
        bearer(editorToken).body(Map.of("name", "same", "role", "editor")).post("/api/tokens").then()
                .statusCode(201).body("role", equalTo("editor"));
        bearer(editorToken).body(Map.of("name", "up", "role", "admin")).post("/api/tokens").then()
                .statusCode(403).body("errors.field", containsInAnyOrder("role"));
        bearer(editorToken).body(Map.of("name", "default")).post("/api/tokens").then()
                .statusCode(201).body("role", equalTo("editor"));
    }

    @Test
    void refusesInvalidTokenRequests() {
        admin().body(Map.of("name", "", "role", "root", "expiresAt", "2001-01-01T00:00:00Z", "x", 1))
                .post("/api/tokens").then().statusCode(400)
                .body("errors.field", containsInAnyOrder("name", "role", "expiresAt", "x"));
    }

    @Test
    void usersOnlySeeAndRevokeTheirOwnTokens() {
        String adminTokenId = admin().body(Map.of("name", "admin's")).post("/api/tokens").then().statusCode(201)
                .extract().path("id");
        Dashboard.Session viewer = Dashboard.signIn(Dashboard.createUser("viewer"));
        String own = Dashboard.createToken(viewer, null);

        String list = bearer(own).get("/api/tokens").then().statusCode(200).extract().asString();
        assertThat(list).doesNotContain(adminTokenId);
        bearer(own).delete("/api/tokens/" + adminTokenId).then().statusCode(404);
    }

    @Test
    void aTokenSignedByAnotherKeyOrTamperedWithIsRefused() {
        String token = admin().body(Map.of("name", "tamper")).post("/api/tokens").then().statusCode(201)
                .extract().path("token");
        String[] parts = token.split("\\.");
        String tampered = parts[0] + "." + parts[1] + "." + new StringBuilder(parts[2]).reverse();
        bearer(tampered).get("/api/mcps").then().statusCode(401);
        bearer("eyJhbGciOiJub25lIn0." + parts[1] + ".").get("/api/mcps").then().statusCode(401);
    }

    private String storedColumns(String id) throws Exception {
        try (Connection connection = dataSource.getConnection();
             ResultSet row = connection.createStatement().executeQuery(
                     "select t::text from api_token t where jti = '" + id.replace("'", "") + "'")) {
            assertThat(row.next()).isTrue();
            return row.getString(1);
        }
    }
}
