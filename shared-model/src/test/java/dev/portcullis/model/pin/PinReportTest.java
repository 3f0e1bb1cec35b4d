package dev.portcullis.model.pin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.portcullis.model.json.Json;
import dev.portcullis.model.json.StrictJsonReader;
import dev.portcullis.model.validation.ValidationException;
import dev.portcullis.model.validation.FieldError;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class PinReportTest {

    private static final StrictJsonReader<PinReport> READER = new StrictJsonReader<>(PinReport.class);

    private static PinReport report(JsonNode definition, String hash) {
        return new PinReport("mock", PinKind.TOOL, "get_users", hash, null, definition, PinMode.ENFORCE, "gw-1",
                Instant.parse("2026-12-06T10:00:00Z"));
    }

    @Test
    void aReportWhoseHashIsItsDefinitionsIsValidAndSurvivesJson() throws Exception {
        JsonNode definition = Json.mapper().readTree("{\"name\":\"get_users\",\"description\":\"Lists users\"}");
        PinReport report = report(definition, DefinitionHash.ofDefinition(definition));

        assertThat(report.validate()).isEmpty();
        assertThat(Json.mapper().readValue(Json.write(report), PinReport.class)).isEqualTo(report);
    }

    @Test
    void refusesAHashThatIsNotTheDefinitionsAndAnOversizedDefinition() throws Exception {
        JsonNode definition = Json.mapper().readTree("{\"name\":\"get_users\"}");
        JsonNode huge = Json.mapper().createObjectNode().put("description", "x".repeat(PinReport.MAX_DEFINITION_BYTES));

        assertThat(report(definition, "sha256:" + "0".repeat(64)).validate()).extracting(FieldError::field)
                .containsExactly("hash");
        assertThat(report(huge, DefinitionHash.ofDefinition(huge)).validate()).extracting(FieldError::field)
                .containsExactly("definition");
    }

    @Test
    void refusesADefinitionWithTextPostgresqlCannotStore() throws Exception {
        JsonNode nul = Json.mapper().createObjectNode().put("description", "a\u0000b");
        JsonNode nested = Json.mapper().readTree("{\"inputSchema\":{\"properties\":{\"q\":{\"title\":\"\\ud800\"}}}}");

        assertThat(report(nul, "sha256:" + "0".repeat(64)).validate()).extracting(FieldError::field)
                .containsExactly("definition");
        assertThat(report(nested, "sha256:" + "0".repeat(64)).validate()).extracting(FieldError::field)
                .containsExactly("definition");
    }

    @Test
    void anUnknownModeOrKindIsNamedAsSuchNotAsMissing() throws Exception {
        JsonNode definition = Json.mapper().readTree("{\"name\":\"get_users\"}");
        ObjectNode json = (ObjectNode) Json.mapper().readTree(Json.write(report(definition,
                DefinitionHash.ofDefinition(definition))));
        json.put("mode", "sometimes").put("kind", "widget");

        assertThatThrownBy(() -> READER.read(Json.write(json), PinReport::validate))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.errors()).containsExactlyInAnyOrder(
                        new FieldError("mode", "must be one of off, observe, enforce"),
                        new FieldError("kind", "must be one of tool, prompt, resourceTemplate")));
        json.putNull("mode");
        json.put("kind", "tool");
        assertThatThrownBy(() -> READER.read(Json.write(json), PinReport::validate))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.errors())
                        .containsExactly(new FieldError("mode", "is required")));
    }
}
