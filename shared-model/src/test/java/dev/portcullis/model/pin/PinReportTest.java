package dev.portcullis.model.pin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portcullis.model.json.Json;
import dev.portcullis.model.validation.FieldError;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class PinReportTest {

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
}
