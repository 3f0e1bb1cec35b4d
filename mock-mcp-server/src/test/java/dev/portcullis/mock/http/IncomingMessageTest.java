package dev.portcullis.mock.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.portcullis.mock.rpc.Json;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class IncomingMessageTest {

    private static Optional<IncomingMessage> classify(String json) throws Exception {
        return IncomingMessage.classify((ObjectNode) Json.MAPPER.readTree(json));
    }

    @Test
    void classifiesRequestsNotificationsAndResponses() throws Exception {
        assertThat(classify("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}"))
                .hasValueSatisfying(m -> assertThat(m.kind()).isEqualTo(IncomingMessage.Kind.REQUEST));
        assertThat(classify("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}"))
                .hasValueSatisfying(m -> assertThat(m.kind()).isEqualTo(IncomingMessage.Kind.NOTIFICATION));
        assertThat(classify("{\"jsonrpc\":\"2.0\",\"id\":\"a\",\"result\":{}}"))
                .hasValueSatisfying(m -> assertThat(m.kind()).isEqualTo(IncomingMessage.Kind.RESPONSE));
    }

    @Test
    void rejectsWhatIsNotJsonRpc() throws Exception {
        assertThat(classify("{\"id\":1,\"method\":\"ping\"}")).isEmpty();
        assertThat(classify("{\"jsonrpc\":\"1.0\",\"id\":1,\"method\":\"ping\"}")).isEmpty();
        assertThat(classify("{\"jsonrpc\":\"2.0\",\"id\":null,\"method\":\"ping\"}")).isEmpty();
        assertThat(classify("{\"jsonrpc\":\"2.0\",\"id\":{},\"method\":\"ping\"}")).isEmpty();
        assertThat(classify("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":5}")).isEmpty();
        assertThat(classify("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{},\"error\":{}}")).isEmpty();
    }

    @Test
    void flagsParamsThatAreNotAnObject() throws Exception {
        assertThat(classify("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\",\"params\":[1]}"))
                .hasValueSatisfying(m -> assertThat(m.paramsInvalid()).isTrue());
    }
}
