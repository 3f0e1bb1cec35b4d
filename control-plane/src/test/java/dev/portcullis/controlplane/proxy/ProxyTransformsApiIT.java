package dev.portcullis.controlplane.proxy;

import static dev.portcullis.controlplane.support.Api.admin;
import static dev.portcullis.controlplane.support.Api.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;

import dev.portcullis.controlplane.support.ControlPlaneTestResource;
import dev.portcullis.controlplane.support.Dashboard;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

/** Context variables and body transforms on the proxy save path: refused with 400 naming the field, or stored. */
@QuarkusTest
@WithTestResource(ControlPlaneTestResource.class)
class ProxyTransformsApiIT {

    private static String proxy(String id, String middleware) {
        return """
                {"id":"%s","name":"%s","listenPath":"/%s/","upstream":{"url":"http://127.0.0.1:7878"},%s}"""
                .formatted(id, id, id, middleware);
    }

    @Test
    void storesHeaderTransformsWithContextVariablesAndBodyEdits() {
        String id = unique();

        admin().body(proxy(id, """
                "global":{"transformRequestHeaders":{"add":{"X-Consumer":"${consumer.alias}"}}},
                "tools":{"get_anything":{"transformRequestBody":[
                  {"op":"set","path":"/owner","value":"${consumer.id}"},{"op":"rename","from":"/q","path":"/query"}]}}
                """)).post("/api/mcps").then().statusCode(201);

        admin().get("/api/mcps/" + id).then().statusCode(200)
                .body("global.transformRequestHeaders.add.X-Consumer", equalTo("${consumer.alias}"))
                .body("tools.get_anything.transformRequestBody[0].value", equalTo("${consumer.id}"))
                .body("tools.get_anything.transformRequestBody[1].from", equalTo("/q"));
    }

    @Test
    void theDesignerListsTheVariablesNextToTheHeaderTransforms() {
        String id = unique();
        admin().body(proxy(id, "\"active\":true")).post("/api/mcps").then().statusCode(201);
        Dashboard.Session session = Dashboard.signIn(Dashboard.createUser("editor"));

        String page = session.request().get("/ui/mcps/" + id).then().statusCode(200).extract().asString();

        assertThat(page).contains("data-testid=\"variables-help\"", "<code>${consumer.alias}</code>",
                "<code>${jwt.claims.&lt;name&gt;}</code>", "<code>$${</code>");
    }

    @Test
    void anUnknownVariableIs400NamingTheField() {
        Response response = admin().body(proxy(unique(), """
                "global":{"transformRequestHeaders":{"add":{"X-Consumer":"${consumer.name}"}}},
                "tools":{"get_anything":{"transformResponseHeaders":{"add":{"X-Who":"${jwt.subject}"}}}}
                """)).post("/api/mcps");

        ProxyApiIT.problem(response, 400).then()
                .body("type", equalTo("urn:portcullis:problem:validation"))
                .body("errors.field", hasItems("global.transformRequestHeaders.add.X-Consumer",
                        "tools.get_anything.transformResponseHeaders.add.X-Who"))
                .body("errors.message", hasItem(containsString("unknown variable '${consumer.name}'")));
    }

    @Test
    void aBadBodyEditIs400NamingTheField() {
        Response response = admin().body(proxy(unique(), """
                "tools":{"get_anything":{"transformRequestBody":[{"op":"patch","path":"/a"},
                  {"op":"set","path":"owner","value":"${consumer.id}"}]}},
                "resources":{"users://list":{"transformRequestBody":[{"op":"remove","path":"/a"}]}}
                """)).post("/api/mcps");

        ProxyApiIT.problem(response, 400).then()
                .body("errors.field", hasItems("tools.get_anything.transformRequestBody[0].op",
                        "tools.get_anything.transformRequestBody[1].path",
                        "resources.users://list.transformRequestBody"));
    }

    @Test
    void aBodyEditWithAnUnknownFieldIs400NamingIt() {
        Response response = admin().body(proxy(unique(), """
                "tools":{"get_anything":{"transformRequestBody":[{"op":"set","path":"/a","value":1,"to":"/b"}]}}
                """)).post("/api/mcps");

        ProxyApiIT.problem(response, 400).then()
                .body("errors.field", hasItem(containsString("transformRequestBody[0].to")));
    }

    @Test
    void anUnknownSecretInAPrimitivesRequestHeadersIs400NamingTheField() {
        Response response = admin().body(proxy(unique(), """
                "tools":{"get_anything":{"transformRequestHeaders":{"add":{"X-Token":"Bearer ${secret:nope-%s}"}}}}
                """.formatted(unique()))).post("/api/mcps");

        ProxyApiIT.problem(response, 400).then()
                .body("errors.field", hasItem("tools.get_anything.transformRequestHeaders.add.X-Token"))
                .body("errors.message", hasItem(containsString("unknown secret")));
    }
}
