package dev.portcullis.controlplane.history;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.portcullis.model.json.Json;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ConfigDiffTest {

    @Test
    void listsOnlyTheChangedLeafOfANestedObject() {
        List<FieldChange> fields = ConfigDiff.fields(json("{\"upstream\":{\"url\":\"http://a\",\"timeoutMs\":100}}"),
                json("{\"upstream\":{\"url\":\"http://b\",\"timeoutMs\":100}}"));

        assertThat(fields).containsExactly(new FieldChange("upstream.url", json("\"http://a\""), json("\"http://b\"")));
    }

    @Test
    void comparesArraysByIndex() {
        List<FieldChange> fields = ConfigDiff.fields(json("{\"gatewayTags\":[\"eu\",\"prod\"]}"),
                json("{\"gatewayTags\":[\"eu\",\"dev\",\"new\"]}"));

        assertThat(fields).containsExactly(
                new FieldChange("gatewayTags[1]", json("\"prod\""), json("\"dev\"")),
                new FieldChange("gatewayTags[2]", null, json("\"new\"")));
    }

    @Test
    void addedAndRemovedMembersHaveOnlyOneSide() {
        List<FieldChange> fields = ConfigDiff.fields(json("{\"a\":1,\"gone\":{\"x\":true,\"y\":[1]}}"),
                json("{\"a\":1,\"new\":\"v\"}"));

        assertThat(fields).containsExactly(
                new FieldChange("gone.x", json("true"), null),
                new FieldChange("gone.y[0]", json("1"), null),
                new FieldChange("new", null, json("\"v\"")));
    }

    @Test
    void aPartAddedWholeListsOnlyTheFieldsThatHoldMoreThanADefault() {
        List<FieldChange> fields = ConfigDiff.fields(json("{\"tools\":{}}"), json(
                "{\"tools\":{\"get_users\":{\"allow\":false,\"block\":true,\"rateLimit\":null,\"scopes\":[],"
                        + "\"headers\":{\"add\":{},\"remove\":[]},\"timeoutMs\":500}}}"));

        assertThat(fields).containsExactly(
                new FieldChange("tools.get_users.block", null, json("true")),
                new FieldChange("tools.get_users.timeoutMs", null, json("500")));
    }

    @Test
    void aNamedEntryAddedOrRemovedWithOnlyDefaultsIsListedOnceWithoutThem() {
        List<FieldChange> added = ConfigDiff.fields(json("{}"),
                json("{\"tools\":{\"get_users\":{\"allow\":false,\"rateLimit\":null,\"scopes\":[]}}}"));
        List<FieldChange> removed = ConfigDiff.fields(json("{\"prompts\":{\"p\":{\"track\":false}}}"), json("{}"));

        assertThat(added).containsExactly(new FieldChange("tools.get_users", null, json("{}")));
        assertThat(removed).containsExactly(new FieldChange("prompts.p", json("{}"), null));
    }

    @Test
    void anEntryOfANamedCollectionIsListedEvenWhenItHoldsOnlyDefaults() {
        List<FieldChange> fields = ConfigDiff.fields(null, json(
                "{\"id\":\"p\",\"accessRights\":{\"crm\":{\"methods\":[],\"acl\":{\"allowed\":[]}}}}"));

        assertThat(fields).containsExactly(
                new FieldChange("accessRights.crm", null, json("{}")),
                new FieldChange("id", null, json("\"p\"")));
    }

    @Test
    void nullAndAbsentDiffer() {
        List<FieldChange> fields = ConfigDiff.fields(json("{\"a\":null,\"b\":null}"), json("{\"b\":null,\"c\":null}"));

        assertThat(fields).containsExactly(
                new FieldChange("a", NullNode.getInstance(), null),
                new FieldChange("c", null, NullNode.getInstance()));
    }

    @Test
    void aValueReplacedByAnObjectListsTheOldValueAndTheNewLeaves() {
        List<FieldChange> fields = ConfigDiff.fields(json("{\"auth\":\"none\"}"),
                json("{\"auth\":{\"jwt\":{\"issuer\":\"i\"}}}"));

        assertThat(fields).containsExactly(
                new FieldChange("auth", json("\"none\""), null),
                new FieldChange("auth.jwt.issuer", null, json("\"i\"")));
    }

    @Test
    void emptyContainersAreLeavesAndEqualNumbersAreEqual() {
        assertThat(ConfigDiff.fields(json("{\"n\":1,\"m\":{}}"), json("{\"n\":1.0,\"m\":{}}"))).isEmpty();
        assertThat(ConfigDiff.fields(json("{\"m\":{}}"), json("{\"m\":[]}")))
                .containsExactly(new FieldChange("m", json("{}"), json("[]")));
        assertThat(ConfigDiff.fields(json("{\"m\":{}}"), json("{\"m\":{\"k\":2}}")))
                .containsExactly(new FieldChange("m.k", null, json("2")));
    }

    @Test
    void entitiesAreMatchedByIdAndOrderedById() {
        List<EntityChange> changes = ConfigDiff.entities(EntityChange.PROXY,
                json("[{\"id\":\"b\",\"name\":\"B\"},{\"id\":\"c\",\"name\":\"C\"},{\"id\":\"d\",\"name\":\"D\"}]"),
                json("[{\"id\":\"a\",\"name\":\"A\"},{\"id\":\"d\",\"name\":\"D\"},{\"id\":\"c\",\"name\":\"C2\"}]"));

        assertThat(changes).containsExactly(
                new EntityChange("proxy", "a", "added", List.of()),
                new EntityChange("proxy", "b", "removed", List.of()),
                new EntityChange("proxy", "c", "changed",
                        List.of(new FieldChange("name", json("\"C\""), json("\"C2\"")))));
    }

    @Test
    void absentSidesAreLeftOutOfTheJson() {
        String written = new String(Json.write(new FieldChange("a", null, NullNode.getInstance())));

        assertThat(written).isEqualTo("{\"path\":\"a\",\"after\":null}");
    }

    private static JsonNode json(String text) {
        try {
            return Json.mapper().readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
