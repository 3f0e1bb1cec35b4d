package dev.portcullis.controlplane.apidoc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.portcullis.controlplane.common.Problem;
import dev.portcullis.controlplane.support.Api;
import dev.portcullis.controlplane.support.ControlPlaneTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The document at {@code /q/openapi} describes the Dashboard API as it is, and nothing else. */
@QuarkusTest
@WithTestResource(ControlPlaneTestResource.class)
class ApiDocumentIT {

    private JsonNode document;

    @BeforeEach
    void read() throws IOException {
        document = new ObjectMapper().readTree(RestAssured.given().accept("application/json")
                .get("/q/openapi?format=json").then().statusCode(200).extract().asString());
    }

    @Test
    void listsOnlyTheDashboardApi() {
        assertThat(document.get("paths").fieldNames()).toIterable().isNotEmpty()
                .allMatch(path -> path.startsWith("/api/"));
    }

    @Test
    void describesNoFrameworkType() {
        assertThat(document.at("/components/schemas").fieldNames()).toIterable()
                .doesNotContain("EngineImpl", "SectionHelper", "HttpServerRequest", "TemplateInstance", "JsonNode")
                .contains("ProxyDefinition", "Policy", "KeyRequest", "KeyView", "Problem");
    }

    @Test
    void typesTheBodiesOfProxiesPoliciesAndKeys() {
        assertThat(requestSchema("/api/mcps", "post")).isEqualTo("#/components/schemas/ProxyDefinition");
        assertThat(requestSchema("/api/mcps/{id}", "put")).isEqualTo("#/components/schemas/ProxyDefinition");
        assertThat(requestSchema("/api/policies", "post")).isEqualTo("#/components/schemas/Policy");
        assertThat(requestSchema("/api/keys", "post")).isEqualTo("#/components/schemas/KeyRequest");
        assertThat(document.at("/paths/~1api~1mcps/post/responses/201/content/application~1json/schema/$ref")
                .asText()).isEqualTo("#/components/schemas/ProxyDefinition");
        assertThat(document.at("/paths/~1api~1keys/post/responses/201/content/application~1json/schema/$ref")
                .asText()).isEqualTo("#/components/schemas/KeyView");
        assertThat(document.at("/components/schemas/ProxyDefinition/properties/id/pattern").asText())
                .isEqualTo("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$");
        assertThat(document.at("/components/schemas/KeyRequest/required").toString()).contains("alias");
    }

    @Test
    void everyOperationHasAnIdASuccessAndProblemBodiesForItsErrors() {
        List<String> problems = new ArrayList<>();
        document.get("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(op -> {
            String where = op.getKey() + " " + path.getKey();
            JsonNode operation = op.getValue();
            if (operation.path("operationId").asText().isEmpty()) {
                problems.add(where + ": no operationId");
            }
            JsonNode responses = operation.get("responses");
            List<String> codes = new ArrayList<>();
            responses.fieldNames().forEachRemaining(codes::add);
            if (codes.stream().noneMatch(code -> code.startsWith("2"))) {
                problems.add(where + ": no success response");
            }
            for (String code : List.of("401", "403", "500")) {
                if (!codes.contains(code)) {
                    problems.add(where + ": no " + code);
                }
            }
            codes.stream().filter(code -> code.startsWith("4") || code.startsWith("5")).forEach(code -> {
                if (!responses.at("/" + code + "/content/application~1problem+json/schema/$ref").asText()
                        .equals("#/components/schemas/Problem")) {
                    problems.add(where + ": " + code + " without a problem body");
                }
            });
        }));
        assertThat(problems).isEmpty();
    }

    @Test
    void changesNeedIfMatchAndSayWhatAStaleOneAnswers() {
        for (String path : List.of("/api/mcps/{id}", "/api/policies/{id}", "/api/keys/{id}")) {
            JsonNode update = document.get("paths").get(path).get("put");
            assertThat(update.get("responses").has("412")).as(path).isTrue();
            assertThat(update.get("responses").has("428")).as(path).isTrue();
        }
    }

    @Test
    void offersABearerTokenAndTheSessionCookie() {
        assertThat(document.at("/components/securitySchemes/bearerToken/scheme").asText()).isEqualTo("bearer");
        assertThat(document.at("/components/securitySchemes/sessionCookie/in").asText()).isEqualTo("cookie");
        assertThat(document.get("security")).hasSize(2);
        document.get("paths").forEach(item -> item.forEach(operation ->
                assertThat(operation.has("security")).isFalse()));
    }

    @Test
    void operationsWithoutABodyAnswerAClientThatAcceptsOnlyProblems() {
        String id = Api.createProxy("/" + Api.unique() + "/");

        Api.admin().accept(Problem.MEDIA_TYPE).delete("/api/mcps/" + id).then().statusCode(204);
        Api.admin().accept(Problem.MEDIA_TYPE).delete("/api/mcps/" + id).then().statusCode(404)
                .contentType(Problem.MEDIA_TYPE);
    }

    private String requestSchema(String path, String method) {
        return document.get("paths").get(path).get(method)
                .at("/requestBody/content/application~1json/schema/$ref").asText();
    }
}
