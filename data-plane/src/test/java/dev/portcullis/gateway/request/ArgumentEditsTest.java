package dev.portcullis.gateway.request;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.portcullis.model.json.Json;
import dev.portcullis.model.proxy.BodyEdit;
import dev.portcullis.model.template.ContextVariable;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class ArgumentEditsTest {

    private static final Function<ContextVariable, String> ALIAS = variable ->
            variable.source() == ContextVariable.Source.CONSUMER_ALIAS ? "billing-agent" : null;

    private static ArgumentEdits edits(String json) throws Exception {
        BodyEdit[] edits = Json.mapper().readValue(json, BodyEdit[].class);
        return ArgumentEdits.compile(List.of(edits));
    }

    private static ObjectNode params(String arguments) throws Exception {
        ObjectNode params = Json.mapper().createObjectNode().put("name", "get_anything");
        if (arguments != null) {
            params.set("arguments", Json.mapper().readTree(arguments));
        }
        return params;
    }

    @Test
    void setReplacesWhatTheAgentSentAndFillsInVariables() throws Exception {
        ObjectNode params = params("{\"owner\":\"someone-else\",\"q\":\"x\"}");

        edits("[{\"op\":\"set\",\"path\":\"/owner\",\"value\":\"agent ${consumer.alias}\"}]").applyTo(params, ALIAS);

        assertThat(params.get("arguments").toString()).isEqualTo("{\"owner\":\"agent billing-agent\",\"q\":\"x\"}");
        assertThat(params.get("name").asText()).isEqualTo("get_anything");
    }

    @Test
    void setWithAVariableWithoutValueRemovesTheAgentsValue() throws Exception {
        ObjectNode params = params("{\"owner\":\"forged\"}");

        edits("[{\"op\":\"set\",\"path\":\"/owner\",\"value\":\"${consumer.id}\"}]").applyTo(params, ALIAS);

        assertThat(params.get("arguments").toString()).isEqualTo("{}");
    }

    @Test
    void setCreatesArgumentsAndMissingObjectsOnTheWay() throws Exception {
        ObjectNode params = params(null);

        edits("[{\"op\":\"set\",\"path\":\"/filter/team\",\"value\":{\"id\":7}}]").applyTo(params, ALIAS);

        assertThat(params.get("arguments").toString()).isEqualTo("{\"filter\":{\"team\":{\"id\":7}}}");
    }

    @Test
    void defaultOnlyFillsAbsentOrNullMembers() throws Exception {
        ObjectNode params = params("{\"limit\":5,\"page\":null}");

        edits("""
                [{"op":"default","path":"/limit","value":10},{"op":"default","path":"/page","value":1},
                 {"op":"default","path":"/sort","value":"asc"},{"op":"default","path":"/who","value":"${consumer.id}"}]
                """).applyTo(params, ALIAS);

        assertThat(params.get("arguments").toString()).isEqualTo("{\"limit\":5,\"page\":1,\"sort\":\"asc\"}");
    }

    @Test
    void removeAndRenameLeaveAbsentMembersAlone() throws Exception {
        ObjectNode params = params("{\"debug\":true,\"q\":\"users\",\"keep\":1}");

        edits("""
                [{"op":"remove","path":"/debug"},{"op":"remove","path":"/missing/deeper"},
                 {"op":"rename","from":"/q","path":"/query/text"},{"op":"rename","from":"/nothing","path":"/x"}]
                """).applyTo(params, ALIAS);

        assertThat(params.get("arguments").toString()).isEqualTo("{\"keep\":1,\"query\":{\"text\":\"users\"}}");
    }

    @Test
    void pathsThroughNonObjectsAreLeftAsTheAgentSentThem() throws Exception {
        ObjectNode params = params("{\"filter\":[1,2],\"name\":\"x\"}");

        edits("[{\"op\":\"set\",\"path\":\"/filter/owner\",\"value\":1},{\"op\":\"remove\",\"path\":\"/name/x\"}]")
                .applyTo(params, ALIAS);

        assertThat(params.get("arguments").toString()).isEqualTo("{\"filter\":[1,2],\"name\":\"x\"}");
    }

    @Test
    void argumentsThatAreNotAnObjectAreNotEdited() throws Exception {
        ObjectNode params = params("[1]");

        boolean applied = edits("[{\"op\":\"set\",\"path\":\"/a\",\"value\":1}]").applyTo(params, ALIAS);

        assertThat(applied).isFalse();
        assertThat(params.get("arguments").toString()).isEqualTo("[1]");
    }

    @Test
    void pointerEscapesNameMembersWithSlashesAndTildes() throws Exception {
        ObjectNode params = params("{}");

        edits("[{\"op\":\"set\",\"path\":\"/a~1b~0c\",\"value\":1}]").applyTo(params, ALIAS);

        assertThat(params.get("arguments").has("a/b~c")).isTrue();
    }

    @Test
    void aSharedValueIsNeverChangedByALaterEditOfOneRequest() throws Exception {
        ArgumentEdits edits = edits("""
                [{"op":"set","path":"/filter","value":{}},{"op":"set","path":"/filter/owner","value":"x"}]""");
        ObjectNode first = params("{}");
        ObjectNode second = params("{}");

        edits.applyTo(first, ALIAS);
        edits.applyTo(second, ALIAS);

        JsonNode expected = Json.mapper().readTree("{\"filter\":{\"owner\":\"x\"}}");
        assertThat(first.get("arguments")).isEqualTo(expected);
        assertThat(second.get("arguments")).isEqualTo(expected);
    }
}
