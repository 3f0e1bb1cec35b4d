package dev.portcullis.controlplane.user;

import dev.portcullis.controlplane.support.ControlPlaneTestResource;
import dev.portcullis.controlplane.support.Dashboard;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.portcullis.controlplane.support.Api.admin;
import static dev.portcullis.controlplane.support.Api.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

@QuarkusTest
@WithTestResource(ControlPlaneTestResource.class)
class UserApiIT {

    @Test
    void createsListsChangesAndDeletesAUserWithoutEverShowingThePassword() {
        String username = "Carol-" + unique();
        String password = "carol-password-" + unique();
        Response created = admin().body(Map.of("username", username, "role", "editor", "password", password))
                .post("/api/users");
        created.then().statusCode(201).body("username", equalTo(username)).body("role", equalTo("editor"))
                .body("enabled", equalTo(true));
        long id = created.jsonPath().getLong("id");
        assertThat(created.header("Location")).endsWith("/api/users/" + id);

        String list = admin().get("/api/users").then().statusCode(200).body("username", hasItem(username))
                .extract().asString();
        admin().get("/api/users/" + id).then().statusCode(200).body("role", equalTo("editor"));
        admin().body(Map.of("role", "viewer")).patch("/api/users/" + id).then().statusCode(200)
                .body("role", equalTo("viewer"));
        admin().body(Map.of("enabled", false)).patch("/api/users/" + id).then().statusCode(200)
                .body("enabled", equalTo(false));
        assertThat(list + created.asString()).doesNotContain(password, "passwordHash", "$2a$");

        admin().delete("/api/users/" + id).then().statusCode(204);
        admin().get("/api/users/" + id).then().statusCode(404).contentType("application/problem+json");
        admin().get("/api/users").then().body("username", not(hasItem(username)));
    }

    @Test
    void refusesInvalidFieldsWithOneErrorPerField() {
        admin().body(Map.of("username", "x", "role", "boss", "password", "short", "extra", 1)).post("/api/users")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", containsInAnyOrder("username", "role", "password", "extra"));
        admin().body(Map.of()).post("/api/users").then().statusCode(400)
                .body("errors.field", containsInAnyOrder("username", "role", "password"));
        admin().body(Map.of("enabled", "yes")).patch("/api/users/" + Dashboard.createUser("viewer").id())
                .then().statusCode(400).body("errors.field", containsInAnyOrder("enabled"));
        admin().body("{not json").post("/api/users").then().statusCode(400).contentType("application/problem+json");
    }

    @Test
    void usernamesAreUniqueWithoutRegardToCase() {
        Dashboard.User user = Dashboard.createUser("viewer");
        admin().body(Map.of("username", user.username().toUpperCase(), "role", "viewer", "password",
                        "another-password-1")).post("/api/users")
                .then().statusCode(409).contentType("application/problem+json")
                .body("errors.field", containsInAnyOrder("username"));
    }

    @Test
    void theLastEnabledAdminCannotBeDemotedDisabledOrDeleted() {
        long firstAdmin = demoteEveryAdminButTheFirst();

        admin().body(Map.of("role", "editor")).patch("/api/users/" + firstAdmin).then().statusCode(409)
                .contentType("application/problem+json").body("errors.field", containsInAnyOrder("role"));
        admin().body(Map.of("enabled", false)).patch("/api/users/" + firstAdmin).then().statusCode(409)
                .body("errors.field", containsInAnyOrder("enabled"));
        admin().delete("/api/users/" + firstAdmin).then().statusCode(409);
        admin().get("/api/users/" + firstAdmin).then().statusCode(200).body("role", equalTo("admin"))
                .body("enabled", equalTo(true));

        Dashboard.User second = Dashboard.createUser("admin");
        admin().body(Map.of("role", "viewer")).patch("/api/users/" + second.id()).then().statusCode(200);
        admin().body(Map.of("role", "admin")).patch("/api/users/" + second.id()).then().statusCode(200);
        admin().delete("/api/users/" + second.id()).then().statusCode(204);
        admin().body(Map.of("role", "editor")).patch("/api/users/" + firstAdmin).then().statusCode(409);
    }

    @Test
    void aPasswordResetEndsTheUsersSessionsAndTheNewPasswordSignsIn() {
        Dashboard.User user = Dashboard.createUser("editor");
        Dashboard.Session session = Dashboard.signIn(user);
        String newPassword = "new-password-" + unique();

        admin().body(Map.of("password", newPassword)).patch("/api/users/" + user.id()).then().statusCode(200);

        session.request().get("/api/mcps").then().statusCode(401);
        assertThat(Dashboard.postSignIn(user.username(), user.password()).statusCode()).isEqualTo(401);
        Dashboard.signIn(user.username(), newPassword).request().get("/api/mcps").then().statusCode(200);
    }

    /** Leaves {@code admin} as the only enabled admin (other tests share the database) and returns its id. */
    private static long demoteEveryAdminButTheFirst() {
        List<Map<String, Object>> users = admin().get("/api/users").then().statusCode(200).extract().path("$");
        long first = -1;
        for (Map<String, Object> user : users) {
            long id = ((Number) user.get("id")).longValue();
            if (FirstAdmin.USERNAME.equals(user.get("username"))) {
                first = id;
            } else if ("admin".equals(user.get("role")) && Boolean.TRUE.equals(user.get("enabled"))) {
                admin().body(Map.of("role", "editor")).patch("/api/users/" + id).then().statusCode(200);
            }
        }
        assertThat(first).as("the first admin exists").isPositive();
        return first;
    }
}
