package dev.portcullis.controlplane.support;

import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** Dashboard users and sessions for tests: create users through the admin API, sign in through the form. */
public final class Dashboard {

    private static final Pattern SIGN_IN_FIELD = Pattern.compile("name=\"_signin\" value=\"([^\"]*)\"");
    private static final Pattern CSRF_META = Pattern.compile("<meta name=\"csrf-token\" content=\"([^\"]*)\">");

    /** A user created by a test, with the password it was created with. */
    public record User(long id, String username, String password) {
    }

    /** A signed-in session: the cookie value and the CSRF token the pages carry. */
    public record Session(String cookie, String csrfToken) {

        /** A request with the session cookie and no CSRF token. */
        public RequestSpecification withoutCsrf() {
            return RestAssured.given().redirects().follow(false).cookie("portcullis_session", cookie)
                    .contentType(ContentType.JSON);
        }

        /** A request with the session cookie and the CSRF header. */
        public RequestSpecification request() {
            return withoutCsrf().header("X-CSRF-Token", csrfToken);
        }
    }

    private Dashboard() {
    }

    public static User createUser(String role) {
        String username = "u-" + Api.unique();
        String password = "pw-" + Api.unique() + Api.unique();
        long id = ((Number) Api.admin().body(Map.of("username", username, "role", role, "password", password))
                .post("/api/users").then().statusCode(201).extract().path("id")).longValue();
        return new User(id, username, password);
    }

    /** The sign-in form's double-submit token, as a browser gets it: the cookie and the hidden field. */
    public record SignInForm(String cookie, String field) {
    }

    /** Opens the sign-in page and reads its token from the cookie and the hidden field. */
    public static SignInForm openSignIn() {
        Response page = RestAssured.given().redirects().follow(false).get("/ui/sign-in");
        page.then().statusCode(200);
        Matcher field = SIGN_IN_FIELD.matcher(page.asString());
        assertThat(field.find()).as("the sign-in form carries its token").isTrue();
        return new SignInForm(page.getCookie("portcullis_signin"), field.group(1));
    }

    /** Posts the sign-in form as a browser that just opened it; the raw response (303 on success). */
    public static Response postSignIn(String username, String password) {
        SignInForm form = openSignIn();
        return signInRequest(form).formParam("username", username).formParam("password", password)
                .post("/ui/sign-in");
    }

    /** A sign-in post carrying the form's cookie and hidden field. */
    public static RequestSpecification signInRequest(SignInForm form) {
        return RestAssured.given().redirects().follow(false).contentType(ContentType.URLENC)
                .cookie("portcullis_signin", form.cookie()).formParam("_signin", form.field());
    }

    public static Session signIn(User user) {
        return signIn(user.username(), user.password());
    }

    public static Session signIn(String username, String password) {
        Response response = postSignIn(username, password);
        assertThat(response.statusCode()).as("sign-in of %s", username).isEqualTo(303);
        String cookie = response.getCookie("portcullis_session");
        assertThat(cookie).isNotBlank();
        String page = RestAssured.given().cookie("portcullis_session", cookie).redirects().follow(false)
                .get("/ui/mcps").then().statusCode(200).extract().asString();
        Matcher csrf = CSRF_META.matcher(page);
        assertThat(csrf.find()).as("the page carries the CSRF token").isTrue();
        return new Session(cookie, csrf.group(1));
    }

    /** A bearer request with an API token. */
    public static RequestSpecification bearer(String token) {
        return RestAssured.given().redirects().follow(false).header("Authorization", "Bearer " + token)
                .contentType(ContentType.JSON);
    }

    /** Creates an API token through the user's session and returns the JWT. */
    public static String createToken(Session session, String role) {
        return session.request().body(role == null ? Map.of("name", "t") : Map.of("name", "t", "role", role))
                .post("/api/tokens").then().statusCode(201).extract().path("token");
    }
}
