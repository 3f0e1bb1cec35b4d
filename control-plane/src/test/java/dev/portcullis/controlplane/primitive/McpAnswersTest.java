package dev.portcullis.controlplane.primitive;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class McpAnswersTest {

    @Test
    void readsAJsonBody() throws UpstreamUnreachable {
        assertThat(McpAnswers.response("application/json", "{\"jsonrpc\":\"2.0\",\"id\":3,\"result\":{\"tools\":[]}}", 3)
                .path("result").has("tools")).isTrue();
    }

    @Test
    void skipsNotificationsInAnEventStreamAndFindsTheResponseWithTheId() throws UpstreamUnreachable {
        String stream = "event: message\ndata: {\"jsonrpc\":\"2.0\",\"method\":\"notifications/progress\"}\n\n"
                + "id: 7\ndata: {\"jsonrpc\":\"2.0\",\"id\":2,\n"
                + "data: \"result\":{\"ok\":true}}\n\n";

        assertThat(McpAnswers.response("text/event-stream; charset=utf-8", stream, 2).path("result").path("ok")
                .asBoolean()).isTrue();
    }

    @Test
    void answersNullWhenNoResponseCarriesTheId() throws UpstreamUnreachable {
        assertThat(McpAnswers.response("application/json", "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{}}", 2))
                .isNull();
    }

    @Test
    void refusesABodyThatIsNotJson() {
        assertThatThrownBy(() -> McpAnswers.response("text/html", "<html>login</html>", 1))
                .isInstanceOf(UpstreamUnreachable.class).hasMessageNotContaining("login");
    }
}
