package dev.portcullis.examples.servertime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.portcullis.plugin.PluginFilter;
import dev.portcullis.plugin.PluginRequest;
import dev.portcullis.plugin.RequestOutcome;
import dev.portcullis.plugin.ResponseMessage;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class ServerTimePluginTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final ServerTimePlugin plugin =
            new ServerTimePlugin(Clock.fixed(Instant.parse("2026-12-06T10:15:30Z"), ZoneOffset.UTC));

    @Test
    void answersItsToolWithTheTimeInItsZone() throws Exception {
        PluginFilter filter = plugin.create(JSON.readTree("{\"zone\":\"Europe/Paris\"}"));

        RequestOutcome outcome = filter.onRequest(request("tools/call", "server_time", null));

        assertThat(outcome).isInstanceOf(RequestOutcome.Answer.class);
        JsonNode result = ((RequestOutcome.Answer) outcome).result();
        assertThat(result.at("/content/0/text").asText()).isEqualTo("2026-12-06T11:15:30+01:00");
        assertThat(result.at("/structuredContent/zone").asText()).isEqualTo("Europe/Paris");
        assertThat(result.get("isError").asBoolean()).isFalse();
    }

    @Test
    void letsOtherToolsAndMethodsThrough() throws Exception {
        PluginFilter filter = plugin.create(JSON.readTree("{\"tool\":\"clock\"}"));

        assertThat(filter.onRequest(request("tools/call", "server_time", null))).isEqualTo(RequestOutcome.proceed());
        assertThat(filter.onRequest(request("tools/list", null, null))).isEqualTo(RequestOutcome.proceed());
        assertThat(filter.onRequest(request("tools/call", "clock", null)))
                .isInstanceOf(RequestOutcome.Answer.class);
    }

    @Test
    void addsItsToolToTheFirstPageOfAToolList() throws Exception {
        PluginFilter filter = plugin.create(JSON.createObjectNode());
        PluginRequest list = request("tools/list", null, null);
        Message answer = new Message((ObjectNode) JSON.readTree(
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"tools\":[{\"name\":\"echo\"}]}}"));

        assertThat(filter.readsResponses(list)).isTrue();
        filter.onResponseMessage(list, answer);

        assertThat(answer.json.at("/result/tools/1/name").asText()).isEqualTo("server_time");
        assertThat(answer.json.at("/result/tools/1/inputSchema/type").asText()).isEqualTo("object");
        assertThat(filter.readsResponses(request("tools/list", null, JSON.readTree("{\"cursor\":\"2\"}"))))
                .isFalse();
    }

    @Test
    void leavesAListThatHasTheToolAlreadyAlone() throws Exception {
        PluginFilter filter = plugin.create(JSON.createObjectNode());
        Message answer = new Message((ObjectNode) JSON.readTree(
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"tools\":[{\"name\":\"server_time\"}]}}"));

        filter.onResponseMessage(request("tools/list", null, null), answer);

        assertThat(answer.edited).isFalse();
        assertThat(answer.json.at("/result/tools").size()).isEqualTo(1);
    }

    @Test
    void refusesUnknownMembersBadNamesAndZones() throws Exception {
        assertThat(plugin.validate(JSON.createObjectNode())).isEmpty();
        assertThat(plugin.validate(JSON.readTree("{\"tool\":\"a b\",\"zone\":\"Mars/Olympus\",\"x\":1}")))
                .containsExactlyInAnyOrder("unknown member x (expected tool, zone)",
                        "tool must be 1 to 128 characters of A-Z a-z 0-9 _ . -",
                        "zone Mars/Olympus is not a known time-zone id");
    }

    private static PluginRequest request(String method, String tool, JsonNode params) {
        return new PluginRequest() {
            public String proxyId() { return "p"; }
            public String method() { return method; }
            public String primitiveType() { return tool == null ? null : "tool"; }
            public String primitiveName() { return tool; }
            public JsonNode id() { return JSON.getNodeFactory().numberNode(1); }
            public JsonNode params() { return params; }
            public String protocolVersion() { return null; }
            public String consumerId() { return null; }
            public String consumerAlias() { return null; }
            public String header(String name) { return null; }
            public void setUpstreamHeader(String name, String value) { }
            public void removeUpstreamHeader(String name) { }
        };
    }

    private static final class Message implements ResponseMessage {
        private final ObjectNode json;
        private boolean edited;

        Message(ObjectNode json) {
            this.json = json;
        }

        public boolean answersRequest() { return true; }
        public JsonNode json() { return json; }
        public ObjectNode edit() {
            edited = true;
            return json;
        }
    }
}
