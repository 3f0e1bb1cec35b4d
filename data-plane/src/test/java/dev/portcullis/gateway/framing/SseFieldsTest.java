package dev.portcullis.gateway.framing;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SseFieldsTest {

    @Test
    void readsTheFieldsOfAnEventSkippingComments() {
        SseFields fields = SseFields.parse(
                Buffer.buffer(": comment\r\nevent: message\r\nid: 7\r\ndata: {\"a\":\r\ndata:1}\r\n\r\n"));

        assertThat(fields).isEqualTo(new SseFields("message", "7", "{\"a\":\n1}"));
    }

    @Test
    void aCommentOnlyEventHasNoData() {
        assertThat(SseFields.parse(Buffer.buffer(": ping\n\n")).data()).isNull();
        assertThat(SseFields.parse(Buffer.buffer("id: 9\n\n"))).isEqualTo(new SseFields(null, "9", null));
    }

    @Test
    void namesAnEventWithoutATypeMessage() {
        assertThat(SseFields.parse(Buffer.buffer("data: line1\ndata: line2\nid: 7\n\n")))
                .isEqualTo(new SseFields(null, "7", "line1\nline2"));
        assertThat(SseFields.parse(Buffer.buffer("data: x\n\n")).type()).isEqualTo("message");
        assertThat(SseFields.parse(Buffer.buffer("event:\ndata: x\n\n")).type()).isEqualTo("message");
        assertThat(SseFields.parse(Buffer.buffer("event: snapshot\ndata: {\"a\":1}\n\n")).type())
                .isEqualTo("snapshot");
    }

    @Test
    void joinsDataLinesEndedByCrLfCrOrLf() {
        SseFields fields = SseFields.parse(Buffer.buffer(
                "data: {\"jsonrpc\":\"2.0\",\rdata: \"id\":7,\ndata:\r\ndata: \"error\":{\"code\":-32602}}\r\r"));

        assertThat(fields.data()).isEqualTo("{\"jsonrpc\":\"2.0\",\n\"id\":7,\n\n\"error\":{\"code\":-32602}}");
    }

    @Test
    void dropsOnlyOneSpaceAfterTheColonAndIgnoresUnknownFields() {
        SseFields fields = SseFields.parse(Buffer.buffer("retry: 10\ndata:  two\nfoo: bar\ndata\n\n"));

        assertThat(fields.data()).isEqualTo(" two\n");
        assertThat(fields.event()).isNull();
    }

    @Test
    void readsUtf8DataAndAFrameThatStartsWithTheLfOfTheLastBlankLine() {
        Buffer frame = Buffer.buffer("\nevent: snapshot\r\ndata: caf\u00e9\r\n\r\n".getBytes(StandardCharsets.UTF_8));

        assertThat(SseFields.parse(frame)).isEqualTo(new SseFields("snapshot", null, "caf\u00e9"));
    }

    @Test
    void readsATrailingFieldWithoutItsLineEnd() {
        assertThat(SseFields.parse(Buffer.buffer("data: 2")).data()).isEqualTo("2");
    }
}
