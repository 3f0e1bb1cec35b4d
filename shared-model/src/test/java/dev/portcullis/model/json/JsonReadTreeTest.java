package dev.portcullis.model.json;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link Json#readTree} against {@code Json.mapper().readTree}: the same outcome for every input. */
class JsonReadTreeTest {

    @Test
    void refusesADuplicateNameAtAnyDepth() {
        List<String> duplicated = List.of(
                "{\"a\":1,\"a\":2}",
                "{\"a\":1,\"a\":1}",
                "{\"a\":null,\"a\":null}",
                "{\"a\":{},\"a\":{}}",
                "{\"a\":[],\"b\":2,\"a\":[]}",
                "{\"a\":1,\"\\u0061\":2}",
                "{\"x\":{\"y\":{\"a\":true,\"b\":false,\"a\":true}}}",
                "[{\"a\":1},{\"b\":1,\"b\":2}]",
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"get_users\","
                        + "\"arguments\":{},\"name\":\"delete_user\"}}",
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\",\"method\":\"tools/call\"}");
        for (String json : duplicated) {
            assertThatThrownBy(() -> Json.mapper().readTree(bytes(json))).as(json).isInstanceOf(IOException.class);
            assertThatThrownBy(() -> Json.readTree(bytes(json))).as(json).isInstanceOf(IOException.class);
        }
    }

    @Test
    void readsEdgeInputsAsTheMapperDoes() throws IOException {
        List<String> inputs = List.of("", " ", "null", "1", "\"a\"", "[]", "{}", "{\"a\":1} ", "{\"a\":1}{}",
                "{\"a\":1} x", "[1,2]]", "{\"a\":", "{'a':1}", "{\"a\":1,}", "{\"a\":{\"a\":{\"a\":1}}}",
                "{\"a\":1,\"A\":2}", "{\"\":1,\" \":2}");
        for (String json : inputs) {
            assertSameOutcome(json);
        }
    }

    @Test
    void readsRandomDocumentsAsTheMapperDoes() throws IOException {
        Random random = new Random(20261207);
        for (int n = 0; n < 20_000; n++) {
            StringBuilder json = new StringBuilder();
            value(random, json, 0);
            assertSameOutcome(json.toString());
        }
    }

    private static void assertSameOutcome(String json) throws IOException {
        JsonNode expected;
        try {
            expected = Json.mapper().readTree(bytes(json));
        } catch (IOException e) {
            assertThatThrownBy(() -> Json.readTree(bytes(json))).as(json).isInstanceOf(IOException.class);
            return;
        }
        assertThat(Json.readTree(bytes(json))).as(json).isEqualTo(expected);
    }

    /** A random value; objects take their names from a small set, so that duplicates are common. */
    private static void value(Random random, StringBuilder json, int depth) {
        int kind = depth >= 4 ? random.nextInt(4) : random.nextInt(7);
        switch (kind) {
            case 0 -> json.append(random.nextInt(1_000));
            case 1 -> json.append("\"").append((char) ('a' + random.nextInt(3))).append("\"");
            case 2 -> json.append(random.nextBoolean());
            case 3 -> json.append("null");
            case 4, 5 -> {
                json.append('{');
                int members = random.nextInt(5);
                for (int i = 0; i < members; i++) {
                    if (i > 0) {
                        json.append(',');
                    }
                    int name = random.nextInt(6);
                    json.append(name == 5 ? "\"\\u0061\"" : "\"" + (char) ('a' + name) + "\"").append(':');
                    value(random, json, depth + 1);
                }
                json.append('}');
            }
            default -> {
                json.append('[');
                int items = random.nextInt(4);
                for (int i = 0; i < items; i++) {
                    if (i > 0) {
                        json.append(',');
                    }
                    value(random, json, depth + 1);
                }
                json.append(']');
            }
        }
        if (random.nextInt(200) == 0) {
            json.append(random.nextBoolean() ? " x" : "}");
        }
    }

    private static byte[] bytes(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }
}
