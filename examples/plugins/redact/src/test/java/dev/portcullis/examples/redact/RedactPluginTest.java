package dev.portcullis.examples.redact;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.portcullis.plugin.PluginFilter;
import dev.portcullis.plugin.PluginRequest;
import dev.portcullis.plugin.ResponseMessage;
import java.lang.reflect.Proxy;
import org.junit.jupiter.api.Test;

class RedactPluginTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final RedactPlugin plugin = new RedactPlugin();

    @Test
    void redactsEmailAddressesAtAnyDepthOfAToolResult() throws Exception {
        PluginFilter filter = plugin.create(JSON.createObjectNode());
        Message answer = answer("{\"content\":[{\"type\":\"text\",\"text\":\"write to ada@example.com or bob@x.org\"}],"
                + "\"structuredContent\":{\"owner\":{\"mail\":\"ada@example.com\"},\"ada@example.com\":1}}");

        filter.onResponseMessage(request("tools/call"), answer);

        assertThat(answer.json.at("/result/content/0/text").asText()).isEqualTo("write to [redacted] or [redacted]");
        assertThat(answer.json.at("/result/structuredContent/owner/mail").asText()).isEqualTo("[redacted]");
        assertThat(answer.json.at("/result/structuredContent").has("ada@example.com")).isTrue();
    }

    @Test
    void usesTheConfiguredPatternAndLiteralReplacement() throws Exception {
        PluginFilter filter = plugin.create(JSON.readTree("{\"pattern\":\"[0-9]{4}\",\"replacement\":\"$1\"}"));
        Message answer = answer("{\"contents\":[{\"uri\":\"a://1\",\"text\":\"pin 1234\"}]}");

        filter.onResponseMessage(request("resources/read"), answer);

        assertThat(answer.json.at("/result/contents/0/text").asText()).isEqualTo("pin $1");
    }

    @Test
    void leavesAnswersWithoutAMatchUntouched() throws Exception {
        PluginFilter filter = plugin.create(JSON.createObjectNode());
        Message answer = answer("{\"content\":[{\"type\":\"text\",\"text\":\"nothing here\"}]}");

        filter.onResponseMessage(request("tools/call"), answer);

        assertThat(answer.edited).isFalse();
    }

    @Test
    void readsOnlyTheAnswersOfCallsReadsAndPrompts() {
        PluginFilter filter = plugin.create(JSON.createObjectNode());

        assertThat(filter.readsResponses(request("tools/call"))).isTrue();
        assertThat(filter.readsResponses(request("prompts/get"))).isTrue();
        assertThat(filter.readsResponses(request("tools/list"))).isFalse();
    }

    @Test
    void refusesABadPatternAReplacementTooLongAndUnknownMembers() throws Exception {
        assertThat(plugin.validate(JSON.createObjectNode())).isEmpty();
        ObjectNode config = (ObjectNode) JSON.readTree("{\"pattern\":\"(\",\"other\":true}");
        config.put("replacement", "x".repeat(201));

        assertThat(plugin.validate(config)).hasSize(3)
                .anySatisfy(problem -> assertThat(problem).startsWith("pattern is not a valid regular expression"))
                .contains("unknown member other (expected pattern, replacement)",
                        "replacement must be text of at most 200 characters");
    }

    private static Message answer(String result) throws Exception {
        return new Message((ObjectNode) JSON.readTree("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":" + result + "}"));
    }

    /** A request of {@code method}: the only member the redaction reads. */
    private static PluginRequest request(String method) {
        return (PluginRequest) Proxy.newProxyInstance(RedactPluginTest.class.getClassLoader(),
                new Class<?>[] {PluginRequest.class}, (self, called, args) ->
                        called.getName().equals("method") ? method : null);
    }

    private static final class Message implements ResponseMessage {
        private final ObjectNode json;
        private boolean edited;

        Message(ObjectNode json) {
            this.json = json;
        }

        @Override
        public boolean answersRequest() {
            return true;
        }

        @Override
        public JsonNode json() {
            return json;
        }

        @Override
        public ObjectNode edit() {
            edited = true;
            return json;
        }
    }
}
