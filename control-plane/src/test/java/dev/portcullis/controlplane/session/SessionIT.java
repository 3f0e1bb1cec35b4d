package dev.portcullis.controlplane.session;

import dev.portcullis.controlplane.support.Api;
import dev.portcullis.controlplane.support.ControlPlaneTestResource;
import dev.portcullis.controlplane.support.Dashboard;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;

import static dev.portcullis.controlplane.support.Api.admin;
import static dev.portcullis.controlplane.support.Api.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

@QuarkusTest
@WithTestResource(ControlPlaneTestResource.class)
class SessionIT {

    @Inject
    AgroalDataSource dataSource;

    @Inject
    ExpiredSessionSweeper sweeper;

    @Test
    void signingInSetsAnHttpOnlyStrictSessionCookie() {
        Response response = Dashboard.postSignIn("admin", Api.adminPassword());

        assertThat(response.statusCode()).isEqualTo(303);
        assertThat(response.header("Location")).endsWith("/ui/overview");
        assertThat(response.getDetailedCookie("portcullis_session").isHttpOnly()).isTrue();
        assertThat(response.getDetailedCookie("portcullis_session").getSameSite()).isEqualTo("Strict");
    }

    @Test
    void aWrongPasswordAndAnUnknownUserGetTheSameAnswer() {
        Response wrongPassword = Dashboard.postSignIn("admin", "not-the-password");
        Response unknownUser = Dashboard.postSignIn("nobody-" + unique(), "not-the-password");

        for (Response response : new Response[]{wrongPassword, unknownUser}) {
            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(response.getCookie("portcullis_session")).isNull();
            assertThat(response.asString()).contains("Wrong username or password.");
        }
    }

    @Test
    void aSessionChangeWithoutTheCsrfTokenIsRefusedAndWithItSucceeds() {
        Dashboard.Session session = Dashboard.signIn(Dashboard.createUser("editor"));
        String path = "/csrf-" + unique() + "/";

        session.withoutCsrf().body(Api.proxyJson(null, "no token", path)).post("/api/mcps").then()
                .statusCode(403).contentType("application/problem+json").body("detail", containsString("CSRF"));
        session.withoutCsrf().header("X-CSRF-Token", "forged").body(Api.proxyJson(null, "forged", path))
                .post("/api/mcps").then().statusCode(403);
        admin().get("/api/mcps").then().body("listenPath", not(hasItem(path)));

        session.request().body(Api.proxyJson(null, "with token", path)).post("/api/mcps").then().statusCode(201);
    }

    @Test
    void aDashboardFormNeedsItsCsrfFieldToo() {
        Dashboard.Session session = Dashboard.signIn(Dashboard.createUser("editor"));
        String path = "/form-" + unique() + "/";

        form(session).formParam("name", "form").formParam("listenPath", path)
                .formParam("upstreamUrl", "http://127.0.0.1:9/mcp").post("/ui/mcps").then().statusCode(403);
        admin().get("/api/mcps").then().body("listenPath", not(hasItem(path)));

        form(session).formParam("_csrf", session.csrfToken()).formParam("name", "form").formParam("listenPath", path)
                .formParam("upstreamUrl", "http://127.0.0.1:9/mcp").post("/ui/mcps").then().statusCode(303);
        admin().get("/api/mcps").then().body("listenPath", hasItem(path));
    }

    @Test
    void signingOutEndsTheSessionOnTheServer() {
        Dashboard.Session session = Dashboard.signIn(Dashboard.createUser("viewer"));
        session.request().get("/api/mcps").then().statusCode(200);

        form(session).formParam("_csrf", session.csrfToken()).post("/ui/sign-out").then().statusCode(303)
                .header("Location", containsString("/ui/sign-in"));

        session.request().get("/api/mcps").then().statusCode(401).contentType("application/problem+json");
        session.request().get("/ui/mcps").then().statusCode(303).header("Location", containsString("/ui/sign-in"));
    }

    @Test
    void disablingAUserEndsTheirSessions() {
        Dashboard.User user = Dashboard.createUser("editor");
        Dashboard.Session session = Dashboard.signIn(user);

        admin().body(java.util.Map.of("enabled", false)).patch("/api/users/" + user.id()).then().statusCode(200);

        session.request().get("/api/mcps").then().statusCode(401);
        assertThat(Dashboard.postSignIn(user.username(), user.password()).statusCode()).isEqualTo(401);
    }

    @Test
    void repeatedFailuresForAUsernameAreThrottledEvenWithTheRightPassword() {
        Dashboard.User user = Dashboard.createUser("viewer");
        for (int i = 0; i < SignInThrottle.PER_USER_ADDRESS; i++) {
            assertThat(Dashboard.postSignIn(user.username(), "wrong-" + i).statusCode()).isEqualTo(401);
        }

        Response refused = Dashboard.postSignIn(user.username(), user.password());

        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.getCookie("portcullis_session")).isNull();
        assertThat(refused.asString()).contains("Too many failed sign-ins");
    }

    @Test
    void aPageTheRoleMayNotSeeIsAnHtml403InTheLayout() {
        Dashboard.Session viewer = Dashboard.signIn(Dashboard.createUser("viewer"));

        Response users = viewer.request().accept("text/html").get("/ui/users");

        users.then().statusCode(403).contentType(ContentType.HTML);
        assertThat(users.asString()).contains("data-testid=\"signed-in-user\"", "<nav", "Forbidden")
                .doesNotContain("\"status\":403");
        viewer.request().get("/ui/audit").then().statusCode(403).contentType(ContentType.HTML);
        form(viewer).formParam("_csrf", viewer.csrfToken()).formParam("name", "x").formParam("listenPath", "/x/")
                .formParam("upstreamUrl", "http://127.0.0.1:9/").post("/ui/mcps").then().statusCode(403)
                .contentType(ContentType.HTML);
    }

    @Test
    void anUnknownSessionCookieIsTreatedAsSignedOut() {
        RestAssured.given().redirects().follow(false).cookie("portcullis_session", "made-up").get("/ui/mcps")
                .then().statusCode(303).header("Location", containsString("/ui/sign-in"));
        RestAssured.given().cookie("portcullis_session", "made-up").get("/api/mcps").then().statusCode(401)
                .body("status", equalTo(401));
    }

    @Test
    void aSignInPostWithoutTheFormsTokenIsRefused() {
        Dashboard.SignInForm form = Dashboard.openSignIn();
        Dashboard.SignInForm other = Dashboard.openSignIn();

        Response noToken = RestAssured.given().redirects().follow(false).contentType(ContentType.URLENC)
                .formParam("username", "admin").formParam("password", Api.adminPassword()).post("/ui/sign-in");
        Response fieldOnly = RestAssured.given().redirects().follow(false).contentType(ContentType.URLENC)
                .formParam("_signin", form.field()).formParam("username", "admin")
                .formParam("password", Api.adminPassword()).post("/ui/sign-in");
        Response mismatched = Dashboard.signInRequest(new Dashboard.SignInForm(form.cookie(), other.field()))
                .formParam("username", "admin").formParam("password", Api.adminPassword()).post("/ui/sign-in");

        for (Response response : new Response[]{noToken, fieldOnly, mismatched}) {
            assertThat(response.statusCode()).isEqualTo(403);
            assertThat(response.getCookie("portcullis_session")).isNull();
            assertThat(response.asString()).contains("sign-in form has expired");
        }
    }

    @Test
    void theSignInFormTokenCookieIsHttpOnlyAndStrict() {
        Response page = RestAssured.given().get("/ui/sign-in");

        assertThat(page.getDetailedCookie("portcullis_signin").isHttpOnly()).isTrue();
        assertThat(page.getDetailedCookie("portcullis_signin").getSameSite()).isEqualTo("Strict");
        assertThat(page.asString()).contains("name=\"_signin\" value=\"" + page.getCookie("portcullis_signin"));
    }

    @Test
    void signingInWithASessionCookieEndsThatSessionAndStartsANewOne() {
        Dashboard.Session old = Dashboard.signIn(Dashboard.createUser("viewer"));
        Dashboard.User other = Dashboard.createUser("editor");

        Response response = Dashboard.signInRequest(Dashboard.openSignIn()).cookie("portcullis_session", old.cookie())
                .formParam("username", other.username()).formParam("password", other.password())
                .post("/ui/sign-in");

        assertThat(response.statusCode()).isEqualTo(303);
        String fresh = response.getCookie("portcullis_session");
        assertThat(fresh).isNotBlank().isNotEqualTo(old.cookie());
        old.request().get("/api/mcps").then().statusCode(401);
        RestAssured.given().cookie("portcullis_session", fresh).get("/api/mcps").then().statusCode(200);
    }

    @Test
    void aBrowserWithAStaleSessionCookieCanStillSignIn() {
        Dashboard.User user = Dashboard.createUser("viewer");

        Response response = Dashboard.signInRequest(Dashboard.openSignIn()).cookie("portcullis_session", "made-up")
                .formParam("username", user.username()).formParam("password", user.password()).post("/ui/sign-in");

        assertThat(response.statusCode()).isEqualTo(303);
    }

    @Test
    void resettingThePasswordLiftsTheUsersThrottle() {
        Dashboard.User user = Dashboard.createUser("viewer");
        for (int i = 0; i < SignInThrottle.PER_USER_ADDRESS; i++) {
            Dashboard.postSignIn(user.username(), "wrong-" + i);
        }
        assertThat(Dashboard.postSignIn(user.username(), user.password()).statusCode()).isEqualTo(429);
        String newPassword = "new-" + unique() + unique();

        admin().body(java.util.Map.of("password", newPassword)).patch("/api/users/" + user.id()).then().statusCode(200);

        assertThat(Dashboard.postSignIn(user.username(), newPassword).statusCode()).isEqualTo(303);
    }

    @Test
    void endedSessionsAreSweptPeriodicallyNotOnSignIn() throws Exception {
        Dashboard.User user = Dashboard.createUser("viewer");
        String expired = "expired-" + unique();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement insert = connection.prepareStatement("insert into ui_session (id_hash, user_id,"
                     + " created_at, last_seen_at, expires_at) values (?, ?, now() - interval '2 days',"
                     + " now() - interval '2 days', now() - interval '1 day')")) {
            insert.setString(1, expired);
            insert.setLong(2, user.id());
            insert.executeUpdate();
        }

        Dashboard.signIn(user);
        assertThat(sessionRows(expired)).as("signing in does not sweep").isEqualTo(1);

        sweeper.sweep();

        assertThat(sessionRows(expired)).isZero();
    }

    @Test
    void theSweepIsServedByIndexes() throws Exception {
        try (Connection connection = dataSource.getConnection();
             ResultSet rows = connection.createStatement().executeQuery(
                     "select indexdef from pg_indexes where tablename = 'ui_session'")) {
            List<String> definitions = new ArrayList<>();
            while (rows.next()) {
                definitions.add(rows.getString(1));
            }
            assertThat(definitions).anyMatch(d -> d.contains("(expires_at)"))
                    .anyMatch(d -> d.contains("(last_seen_at)"));
        }
    }

    private long sessionRows(String idHash) throws Exception {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement query = connection.prepareStatement(
                     "select count(*) from ui_session where id_hash = ?")) {
            query.setString(1, idHash);
            try (ResultSet row = query.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        }
    }

    private static io.restassured.specification.RequestSpecification form(Dashboard.Session session) {
        return RestAssured.given().redirects().follow(false).cookie("portcullis_session", session.cookie())
                .contentType(ContentType.URLENC);
    }
}
