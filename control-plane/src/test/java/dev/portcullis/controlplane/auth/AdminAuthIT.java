package dev.portcullis.controlplane.auth;

import dev.portcullis.controlplane.support.Api;
import dev.portcullis.controlplane.support.ControlPlaneTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

@QuarkusTest
@WithTestResource(ControlPlaneTestResource.class)
class AdminAuthIT {

    @Inject
    DataSource dataSource;

    @Test
    void apiWithoutATokenIs401WithBearerChallenge() {
        unauthorized(RestAssured.given().get("/api/mcps"));
        unauthorized(RestAssured.given().get("/api/keys"));
        unauthorized(RestAssured.given().get("/api/gateways"));
        unauthorized(RestAssured.given().get("/api/signing-key"));
        unauthorized(RestAssured.given().contentType("application/json").body("{}").post("/api/mcps"));
    }

    @Test
    void apiWithAWrongTokenIs401() {
        unauthorized(RestAssured.given().header("Authorization", "Bearer pca_wrong").get("/api/mcps"));
        unauthorized(RestAssured.given().header("Authorization", "Basic " + Api.adminToken()).get("/api/mcps"));
        unauthorized(RestAssured.given().header("Authorization", "Bearer " + Api.gatewayToken()).get("/api/mcps"));
    }

    @Test
    void unknownApiRouteDoesNotRevealItselfWithoutAToken() {
        unauthorized(RestAssured.given().get("/api/does-not-exist"));
    }

    @Test
    void theAdminTokenIsAccepted() {
        Api.admin().get("/api/mcps").then().statusCode(200);
        RestAssured.given().header("Authorization", "bearer " + Api.adminToken()).get("/api/keys").then().statusCode(200);
    }

    @Test
    void healthAndOpenApiNeedNoToken() {
        RestAssured.given().get("/q/health").then().statusCode(200);
        RestAssured.given().get("/q/openapi").then().statusCode(200);
    }

    @Test
    void onlyHashesOfTokensAreStored() throws Exception {
        List<String> hashes = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
             ResultSet rows = connection.createStatement().executeQuery("select token_hash from access_token")) {
            while (rows.next()) {
                hashes.add(rows.getString(1));
            }
        }

        assertThat(hashes).isNotEmpty().allMatch(hash -> hash.matches("[0-9a-f]{64}"))
                .doesNotContain(Api.adminToken(), Api.gatewayToken())
                .contains(dev.portcullis.model.key.KeyTokens.hash(Api.adminToken()));
    }

    private static void unauthorized(Response response) {
        response.then().statusCode(401)
                .header("WWW-Authenticate", equalTo("Bearer realm=\"portcullis\""))
                .contentType("application/problem+json")
                .body("status", equalTo(401));
        assertThat(response.asString()).doesNotContain("Exception", "\tat ");
    }
}
