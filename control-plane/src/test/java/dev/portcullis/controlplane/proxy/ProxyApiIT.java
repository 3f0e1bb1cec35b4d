package dev.portcullis.controlplane.proxy;

import dev.portcullis.controlplane.support.ConfigVersionSequence;
import dev.portcullis.controlplane.support.ControlPlaneTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;

import static dev.portcullis.controlplane.support.Api.admin;
import static dev.portcullis.controlplane.support.Api.createProxy;
import static dev.portcullis.controlplane.support.Api.proxyJson;
import static dev.portcullis.controlplane.support.Api.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;

@QuarkusTest
@WithTestResource(ControlPlaneTestResource.class)
class ProxyApiIT {

    @Inject
    DataSource dataSource;

    private long lastVersion() throws Exception {
        return ConfigVersionSequence.last(dataSource);
    }

    @Test
    void readingAProxyAnswersTheSameJsonAsWritingIt() {
        String id = unique();
        String created = admin().body(proxyJson(id, "Canonical " + id, "/" + id + "/")).post("/api/mcps").then()
                .statusCode(201).extract().asString();

        assertThat(admin().get("/api/mcps/" + id).then().statusCode(200).extract().asString()).isEqualTo(created);
        assertThat(admin().get("/api/mcps").then().statusCode(200).extract().asString()).contains(created);
    }

    @Test
    void createsProxyWithLocationAndEtagAndReadsItBack() {
        String id = unique();
        Response created = admin().body(proxyJson(id, "Mock", "/" + id + "/")).post("/api/mcps");

        created.then().statusCode(201)
                .header("Location", containsString("/api/mcps/" + id))
                .header("ETag", equalTo("\"0\""))
                .body("id", equalTo(id))
                .body("active", equalTo(true))
                .body("upstream.url", equalTo("http://127.0.0.1:7878"));

        admin().get("/api/mcps/" + id).then().statusCode(200).header("ETag", equalTo("\"0\""))
                .body("listenPath", equalTo("/" + id + "/"));
        admin().get("/api/mcps").then().statusCode(200).body("id", hasItem(id));
    }

    @Test
    void derivesAUniqueIdFromTheNameWhenNoneIsGiven() {
        String name = "Mock MCP " + unique().toUpperCase();
        String first = admin().body(proxyJson(null, name, "/" + unique() + "/")).post("/api/mcps")
                .then().statusCode(201).extract().path("id");
        String second = admin().body(proxyJson(null, name, "/" + unique() + "/")).post("/api/mcps")
                .then().statusCode(201).extract().path("id");

        assertThat(first).isEqualTo(name.toLowerCase().replace(' ', '-'));
        assertThat(second).isEqualTo(first + "-2");
    }

    @Test
    void updateRequiresIfMatchAndRefusesAStaleEtag() {
        String path = "/" + unique() + "/";
        String id = createProxy(path);
        String renamed = proxyJson(id, "Renamed", path);

        problem(admin().body(renamed).put("/api/mcps/" + id), 428);
        problem(admin().header("If-Match", "\"7\"").body(renamed).put("/api/mcps/" + id), 412);

        admin().header("If-Match", "\"0\"").body(renamed).put("/api/mcps/" + id)
                .then().statusCode(200).header("ETag", equalTo("\"1\"")).body("name", equalTo("Renamed"));
        problem(admin().header("If-Match", "\"0\"").body(renamed).put("/api/mcps/" + id), 412);
        admin().get("/api/mcps/" + id).then().header("ETag", equalTo("\"1\"")).body("name", equalTo("Renamed"));
    }

    @Test
    void updateRefusesAnIdThatDiffersFromThePath() {
        String path = "/" + unique() + "/";
        String id = createProxy(path);

        Response response = admin().header("If-Match", "\"0\"").body(proxyJson("other", "X", path))
                .put("/api/mcps/" + id);

        problem(response, 400).then().body("errors.field", hasItem("id"));
    }

    @Test
    void deleteHonoursIfMatchAndThenTheProxyIsGone() {
        String id = createProxy("/" + unique() + "/");

        problem(admin().header("If-Match", "\"3\"").delete("/api/mcps/" + id), 412);
        admin().header("If-Match", "\"0\"").delete("/api/mcps/" + id).then().statusCode(204);

        problem(admin().get("/api/mcps/" + id), 404);
        problem(admin().delete("/api/mcps/" + id), 404);
    }

    @Test
    void validateChecksAReplacementWithoutSavingIt() throws Exception {
        String path = "/" + unique() + "/";
        String id = createProxy(path);
        long before = lastVersion();

        admin().body(proxyJson(id, "Renamed", path)).post("/api/mcps/" + id + "/validate")
                .then().statusCode(200).body("valid", equalTo(true));
        problem(admin().body(proxyJson(id, "Renamed", "no-slash")).post("/api/mcps/" + id + "/validate"), 400)
                .then().body("errors.field", hasItem("listenPath"));
        problem(admin().body(proxyJson("other", "X", path)).post("/api/mcps/" + id + "/validate"), 400)
                .then().body("errors.field", hasItem("id"));
        problem(admin().body(proxyJson(null, "X", path)).post("/api/mcps/nope-" + unique() + "/validate"), 404);

        admin().get("/api/mcps/" + id).then().header("ETag", equalTo("\"0\"")).body("name", not(equalTo("Renamed")));
        assertThat(lastVersion()).isEqualTo(before);
    }

    @Test
    void unknownProxyIs404() {
        problem(admin().get("/api/mcps/" + unique()), 404);
        problem(admin().header("If-Match", "\"0\"").body(proxyJson(null, "x", "/x/")).put("/api/mcps/nope-" + unique()),
                404);
    }

    @Test
    void validationNamesEveryOffendingField() {
        String body = """
                {"id": "bad id!", "name": "", "listenPath": "no-slash", "gatewayTags": ["ok", "bad tag"],
                 "upstream": {"url": "ftp://x", "timeoutMs": -1}, "upstrem": {}}
                """;

        Response response = admin().body(body).post("/api/mcps");

        problem(response, 400).then()
                .body("type", equalTo("urn:portcullis:problem:validation"))
                .body("errors.field", hasItems("id", "name", "listenPath", "gatewayTags[1]", "upstream.url",
                        "upstream.timeoutMs", "upstrem"));
    }

    @Test
    void wrongJsonTypeNamesTheField() {
        String body = "{\"name\":\"x\",\"listenPath\":\"/" + unique() + "/\",\"upstream\":{\"url\":\"http://a\","
                + "\"timeoutMs\":\"soon\"}}";

        problem(admin().body(body).post("/api/mcps"), 400).then().body("errors.field", hasItem("upstream.timeoutMs"));
    }

    @Test
    void malformedJsonIs400() {
        problem(admin().body("{\"name\": ").post("/api/mcps"), 400);
        problem(admin().body("[1,2]").post("/api/mcps"), 400);
        problem(admin().body("{\"name\":\"a\",\"name\":\"b\"}").post("/api/mcps"), 400);
    }

    @Test
    void malformedJsonNamesOnlyTheLineAndColumn() {
        problem(admin().body("{\"name\": \"secret-value\",\n oops}").post("/api/mcps"), 400).then()
                .body("detail", equalTo("the request body is not valid JSON (line 2, column 2)"));
    }

    @Test
    void unknownProxyWithABadBodyIs404() {
        problem(admin().header("If-Match", "\"0\"").body("{").put("/api/mcps/nope-" + unique()), 404);
    }

    @Test
    void refusedChangesUseNoVersion() throws Exception {
        String path = "/" + unique() + "/";
        String id = createProxy(path);
        long before = lastVersion();

        problem(admin().body("{\"name\":\"\",\"listenPath\":\"x\"}").post("/api/mcps"), 400);
        problem(admin().header("If-Match", "\"0\"").body("{\"listenPath\":\"x\"}").put("/api/mcps/" + id), 400);
        problem(admin().header("If-Match", "\"9\"").body(proxyJson(id, "X", path)).put("/api/mcps/" + id), 412);
        problem(admin().delete("/api/mcps/nope-" + unique()), 404);
        problem(admin().header("If-Match", "\"9\"").delete("/api/mcps/" + id), 412);

        assertThat(lastVersion()).isEqualTo(before);
    }

    @Test
    void aBodyOverTwoMebibytesIs413() {
        String huge = "{\"name\":\"" + "x".repeat(3 * 1024 * 1024) + "\"}";

        problem(admin().body(huge).post("/api/mcps"), 413);
    }

    @Test
    void wrongContentTypeIs415() {
        problem(admin().contentType("text/plain").body("hello").post("/api/mcps"), 415);
    }

    @Test
    void unknownRouteIs404ProblemJson() {
        problem(admin().get("/api/nothing-here"), 404);
        problem(RestAssured.given().get("/no/such/page"), 404);
    }

    @Test
    void unsupportedMethodIs405ProblemJson() {
        problem(admin().body("{}").patch("/api/mcps"), 405);
    }

    @Test
    void errorsAreProblemJsonEvenWhenTheClientAcceptsOnlyJson() {
        problem(admin().accept("application/json").get("/api/mcps/" + unique()), 404);
        problem(admin().accept("application/json").body("{").post("/api/mcps"), 400);
    }

    @Test
    void overlappingListenPathServedByTheSameGatewaysIs409NamingTheOtherProxy() {
        String root = "/" + unique() + "/";
        String existing = createProxy(root);

        Response response = admin().body(proxyJson(unique(), "Nested", root + "inner/")).post("/api/mcps");

        problem(response, 409).then()
                .body("conflictingProxy", equalTo(existing))
                .body("detail", containsString(existing))
                .body("errors.field", hasItem("listenPath"));
    }

    @Test
    void overlappingListenPathIsAllowedWhenNoGatewayServesBoth() {
        String root = "/" + unique() + "/";
        createProxy(root, "staging");

        admin().body(proxyJson(unique(), "Prod", root, "production")).post("/api/mcps").then().statusCode(201);
        problem(admin().body(proxyJson(unique(), "Also staging", root + "x/", "staging", "eu")).post("/api/mcps"),
                409);
    }

    @Test
    void updateThatWouldOverlapIs409() {
        String a = "/" + unique() + "/";
        String b = "/" + unique() + "/";
        createProxy(a);
        String id = createProxy(b);

        problem(admin().header("If-Match", "\"0\"").body(proxyJson(id, "Moved", a + "sub/")).put("/api/mcps/" + id),
                409);
    }

    @Test
    void refusesUpstreamsAtLinkLocalOrMetadataAddressesNamingTheField() {
        for (String url : new String[] {"http://169.254.169.254/latest/", "http://[fd00:ec2::254]/",
                "http://[fe80::1]:7878/", "http://2852039166/"}) {
            String json = proxyJson(unique(), "Metadata", "/" + unique() + "/")
                    .replace("http://127.0.0.1:7878", url);
            problem(admin().body(json).post("/api/mcps"), 400).then().body("errors.field", hasItem("upstream.url"));
        }
        String targets = proxyJson(unique(), "Targets", "/" + unique() + "/")
                .replace("}}", ",\"targets\":[\"http://127.0.0.1:7879\",\"http://169.254.170.2/\"]}}");
        problem(admin().body(targets).post("/api/mcps"), 400)
                .then().body("errors.field", hasItem("upstream.targets[1].url"));
    }

    @Test
    void storesLoadBalancedTargetsWithWeightsAlgorithmAndHealth() {
        String id = unique();
        String json = proxyJson(id, "Balanced", "/" + id + "/").replace("}}", ",\"targets\":[\"http://127.0.0.1:7879\","
                + "{\"url\":\"http://127.0.0.1:7880\",\"weight\":3}],\"balancing\":\"leastRequests\","
                + "\"sessionAffinity\":false,\"passiveHealth\":{\"failures\":2,\"coolDownMs\":5000}}}");

        admin().body(json).post("/api/mcps").then().statusCode(201);

        admin().get("/api/mcps/" + id).then().statusCode(200)
                .body("upstream.targets.url", contains("http://127.0.0.1:7879", "http://127.0.0.1:7880"))
                .body("upstream.targets.weight", contains(1, 3))
                .body("upstream.balancing", equalTo("leastRequests"))
                .body("upstream.sessionAffinity", equalTo(false))
                .body("upstream.passiveHealth.failures", equalTo(2))
                .body("upstream.passiveHealth.coolDownMs", equalTo(5000));
    }

    @Test
    void refusesABadWeightAnUnknownAlgorithmAndANonHttpTargetNamingEachField() {
        String json = proxyJson(unique(), "Balanced", "/" + unique() + "/").replace("}}", ",\"targets\":["
                + "\"ftp://127.0.0.1:7879\",{\"url\":\"http://127.0.0.1:7880\",\"weight\":0}],"
                + "\"balancing\":\"random\",\"passiveHealth\":{\"failures\":0}}}");

        problem(admin().body(json).post("/api/mcps"), 400).then()
                .body("errors.field", hasItems("upstream.targets[0].url", "upstream.targets[1].weight",
                        "upstream.balancing", "upstream.passiveHealth.failures"))
                .body("errors.message", hasItem(containsString("roundRobin or leastRequests")));
    }

    @Test
    void refusesToMoveAnExistingUpstreamToTheMetadataAddress() {
        String path = "/" + unique() + "/";
        String id = createProxy(path);

        problem(admin().header("If-Match", "\"0\"")
                .body(proxyJson(id, "Moved", path).replace("http://127.0.0.1:7878", "http://169.254.169.254"))
                .put("/api/mcps/" + id), 400).then().body("errors.field", hasItem("upstream.url"));
    }

    /** Asserts a problem+json response with this status and no trace of a stack trace. */
    static Response problem(Response response, int status) {
        response.then().statusCode(status)
                .contentType("application/problem+json")
                .body("status", equalTo(status))
                .body("title", not(equalTo(null)))
                .body("detail", not(equalTo(null)));
        assertThat(response.asString()).doesNotContain("Exception", "\tat ", "java.", "dev.portcullis.");
        return response;
    }
}
