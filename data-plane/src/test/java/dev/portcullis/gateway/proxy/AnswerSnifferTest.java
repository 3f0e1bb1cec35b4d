package dev.portcullis.gateway.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AnswerSnifferTest {

    private static final JsonNode ID_7 = IntNode.valueOf(7);

    private static final String TOOL_ERROR = """
            {"jsonrpc":"2.0","id":7,"result":{"content":[{"type":"text","text":"out of stock \\"é\\" {"}],\
            "isError":true}}""";

    private static final String PROGRESS = """
            {"jsonrpc":"2.0","method":"notifications/progress","params":{"progressToken":7,"progress":1,\
            "isError":true,"error":{"code":-32603}}}""";

    @Test
    void findsAJsonRpcErrorInAJsonBodySplitAtEveryByte() {
        String body = """
                {"jsonrpc":"2.0","id":7,"error":{"message":"Unknown tool: nope","code":-32602,"data":{"code":1}}}""";

        assertEverySplit(false, ID_7, body, new UpstreamAnswer(-32602, false));
    }

    @Test
    void findsAToolErrorAfterItsContentSplitAtEveryByte() {
        assertEverySplit(false, ID_7, TOOL_ERROR, new UpstreamAnswer(null, true));
    }

    @Test
    void findsAResultThatIsNotAnErrorSplitAtEveryByte() {
        assertEverySplit(false, ID_7, """
                {"jsonrpc":"2.0","id":7,"result":{"content":[],"isError":false}}""", new UpstreamAnswer(null, false));
    }

    @Test
    void ignoresErrorsNestedInsideTheResult() {
        String body = """
                {"jsonrpc":"2.0","id":7,"result":{"error":{"code":-32603},"content":[{"isError":true,\
                "error":{"code":-32000}}],"structuredContent":{"isError":true},"isError":false}}""";

        assertEverySplit(false, ID_7, body, new UpstreamAnswer(null, false));
        assertEverySplit(false, ID_7, """
                {"jsonrpc":"2.0","id":7,"result":{"isError":{"isError":true}}}""", new UpstreamAnswer(null, false));
        assertEverySplit(false, ID_7, """
                {"jsonrpc":"2.0","id":7,"error":{"code":{"code":-32603},"data":{"code":-32000}}}""",
                new UpstreamAnswer(null, false));
    }

    @Test
    void waitsForAnIdThatComesAfterTheResultInAnSseEvent() {
        String event = """
                data: {"result":{"isError":true},"jsonrpc":"2.0","id":"req-1"}

                """;

        assertEverySplit(true, TextNode.valueOf("req-1"), event, new UpstreamAnswer(null, true));
        assertThat(sniff(true, TextNode.valueOf("req-2"), List.of(event))).isEmpty();
        assertThat(sniff(true, ID_7, List.of(event))).as("a string id is not a number").isEmpty();
    }

    @Test
    void matchesNumericSseIdsByValueAndTakesANullIdAsTheAnswer() {
        assertThat(sniff(true, ID_7, List.of("""
                data: {"jsonrpc":"2.0","id":7.0,"error":{"code":-32000}}\n\n""")))
                .containsExactly(new UpstreamAnswer(-32000, false));
        assertThat(sniff(true, ID_7, List.of("""
                data: {"jsonrpc":"2.0","id":null,"error":{"code":-32700}}\n\n""")))
                .containsExactly(new UpstreamAnswer(-32700, false));
        assertThat(sniff(true, ID_7, List.of("""
                data: {"jsonrpc":"2.0","id":8,"error":{"code":-32000}}\n\n"""))).isEmpty();
    }

    @Test
    void takesAJsonBodyAsTheAnswerWhateverItsId() {
        assertEverySplit(false, ID_7, """
                {"jsonrpc":"2.0","error":{"code":-32603,"message":"upstream broke"},"id":1}""",
                new UpstreamAnswer(-32603, false));
    }

    @Test
    void stopsReadingOnceTheAnswerIsKnown() {
        List<UpstreamAnswer> answers = new ArrayList<>();
        AnswerSniffer sniffer = AnswerSniffer.of(false, ID_7, answers::add);

        sniffer.feed(Buffer.buffer("""
                {"jsonrpc":"2.0","id":7,"error":{"code":-32603,"""));

        assertThat(sniffer.finished()).isTrue();
        assertThat(answers).containsExactly(new UpstreamAnswer(-32603, false));
        sniffer.feed(Buffer.buffer("not json at all"));
        sniffer.close();
        assertThat(answers).hasSize(1);
    }

    @Test
    void givesUpOnAResultLargerThanTheBoundWithoutReportingAnything() {
        String huge = "{\"jsonrpc\":\"2.0\",\"id\":7,\"result\":{\"content\":[{\"type\":\"text\",\"text\":\""
                + "x".repeat(AnswerSniffer.MAX_BYTES) + "\"}],\"isError\":true}}";
        List<UpstreamAnswer> answers = new ArrayList<>();
        AnswerSniffer sniffer = AnswerSniffer.of(false, ID_7, answers::add);

        for (Buffer chunk : chunks(huge, 16 * 1024)) {
            sniffer.feed(chunk);
        }

        assertThat(sniffer.finished()).isTrue();
        assertThat(answers).isEmpty();
    }

    @Test
    void skipsALargeResultThatFitsTheBound() {
        String large = "{\"jsonrpc\":\"2.0\",\"id\":7,\"result\":{\"content\":["
                + "{\"type\":\"text\",\"text\":\"abc\"},".repeat(20_000) + "{}],\"isError\":true}}";

        assertThat(sniff(false, ID_7, chunks(large, 8 * 1024).stream().map(Buffer::toString).toList()))
                .containsExactly(new UpstreamAnswer(null, true));
    }

    @Test
    void findsNothingInBodiesThatAreNotAJsonRpcAnswer() {
        for (String body : List.of("<html><body>Bad gateway</body></html>", "upstream exploded", "", "[]", "42",
                "\"text\"", PROGRESS, "{\"jsonrpc\":\"2.0\",\"id\":7}",
                "{\"jsonrpc\":\"2.0\",\"id\":7,\"result\":{\"content\":[",
                "{\"method\":\"x\",\"id\":7,\"error\":{\"code\":1}}")) {
            List<UpstreamAnswer> answers = new ArrayList<>();
            AnswerSniffer sniffer = AnswerSniffer.of(false, ID_7, answers::add);
            sniffer.feed(Buffer.buffer(body));
            sniffer.close();
            assertThat(answers).as(body).isEmpty();
        }
    }

    @Test
    void findsTheAnswerEventAfterNotificationsInAnSseStreamSplitAtEveryByte() {
        String stream = "id: s-1\nevent: message\ndata: " + PROGRESS + "\n\n"
                + ": keep-alive\n\n"
                + "event: message\ndata: {\"jsonrpc\":\"2.0\",\"id\":8,\"error\":{\"code\":-32001}}\n\n"
                + "id: s-2\r\nevent: message\r\ndata:" + TOOL_ERROR + "\r\n\r\n"
                + "data: {\"jsonrpc\":\"2.0\",\"id\":7,\"error\":{\"code\":-32603}}\n\n";

        assertEverySplit(true, ID_7, stream, new UpstreamAnswer(null, true));
    }

    @Test
    void joinsTheDataLinesOfOneEvent() {
        String stream = "data: {\"jsonrpc\":\"2.0\",\rdata: \"id\":7,\ndata:\r\ndata: \"error\":{\"code\":-32602}}\r\r";

        assertEverySplit(true, ID_7, stream, new UpstreamAnswer(-32602, false));
    }

    @Test
    void skipsAnSseEventLargerThanTheBoundAndReadsTheNext() {
        String stream = "data: {\"jsonrpc\":\"2.0\",\"id\":7,\"result\":{\"text\":\""
                + "y".repeat(AnswerSniffer.MAX_BYTES) + "\",\"isError\":true}}\n\n"
                + "data: {\"jsonrpc\":\"2.0\",\"id\":7,\"error\":{\"code\":-32000}}\n\n";

        assertThat(sniff(true, ID_7, chunks(stream, 32 * 1024).stream().map(Buffer::toString).toList()))
                .containsExactly(new UpstreamAnswer(-32000, false));
    }

    @Test
    void findsNothingInAnSseStreamWithoutTheAnswer() {
        String stream = "data: " + PROGRESS + "\n\ndata: not json\n\nevent: message\n\n"
                + "data: {\"jsonrpc\":\"2.0\",\"id\":7,\"result\"\n\ndata: :{}}\n\n";

        assertThat(sniff(true, ID_7, List.of(stream))).isEmpty();
    }

    @Test
    void reportsWhereTheAnswerEventEndsNotWhereTheAnswerBecameKnownSplitAtEveryByte() {
        String answer = "event: message\r\ndata: {\"jsonrpc\":\"2.0\",\"id\":7,\"error\":{\"code\":-32602,"
                + "\"message\":\"bad\"}}\r\n\r\n";
        String stream = "data: " + PROGRESS + "\n\n" + answer + "data: {\"after\":1}\n\n";
        byte[] bytes = stream.getBytes(StandardCharsets.UTF_8);
        int answerEnd = ("data: " + PROGRESS + "\n\n" + answer).getBytes(StandardCharsets.UTF_8).length;

        for (int cut = 0; cut <= bytes.length; cut++) {
            // A CR already ends the blank line: its LF, when only the next chunk brings it, is not waited for.
            int expected = cut == answerEnd - 1 ? answerEnd - 1 : answerEnd;
            assertThat(answerEventEnd(List.of(Buffer.buffer().appendBytes(bytes, 0, cut),
                    Buffer.buffer().appendBytes(bytes, cut, bytes.length - cut)))).as("cut at byte %d", cut)
                    .isEqualTo(expected);
        }
        List<Buffer> single = new ArrayList<>();
        for (byte b : bytes) {
            single.add(Buffer.buffer(new byte[] {b}));
        }
        assertThat(answerEventEnd(single)).as("byte by byte").isEqualTo(answerEnd - 1);
    }

    @Test
    void aJsonBodyHasNoAnswerEvent() {
        AnswerSniffer sniffer = AnswerSniffer.of(false, ID_7, answer -> {
        });
        sniffer.feed(Buffer.buffer("{\"jsonrpc\":\"2.0\",\"id\":7,\"result\":{}}\n\n"));

        assertThat(sniffer.answer()).isNotNull();
        assertThat(sniffer.answerEventEnd()).isEqualTo(-1);
    }

    /** Feeds {@code chunks} as the relay does (until the sniffer is finished): where in the stream the answer ended. */
    private static int answerEventEnd(List<Buffer> chunks) {
        AnswerSniffer sniffer = AnswerSniffer.of(true, ID_7, answer -> {
        });
        int before = 0;
        for (Buffer chunk : chunks) {
            if (sniffer.finished()) {
                break;
            }
            sniffer.feed(chunk);
            if (sniffer.answerEventEnd() >= 0) {
                return before + sniffer.answerEventEnd();
            }
            before += chunk.length();
        }
        return -1;
    }

    private static void assertEverySplit(boolean eventStream, JsonNode id, String text, UpstreamAnswer expected) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        for (int cut = 0; cut <= bytes.length; cut++) {
            List<UpstreamAnswer> answers = sniffBytes(eventStream, id,
                    List.of(Buffer.buffer().appendBytes(bytes, 0, cut),
                            Buffer.buffer().appendBytes(bytes, cut, bytes.length - cut)));
            assertThat(answers).as("cut at byte %d", cut).containsExactly(expected);
        }
        List<Buffer> single = new ArrayList<>();
        for (byte b : bytes) {
            single.add(Buffer.buffer(new byte[] {b}));
        }
        assertThat(sniffBytes(eventStream, id, single)).as("byte by byte").containsExactly(expected);
    }

    private static List<UpstreamAnswer> sniff(boolean eventStream, JsonNode id, List<String> chunks) {
        return sniffBytes(eventStream, id, chunks.stream().map(Buffer::buffer).toList());
    }

    private static List<UpstreamAnswer> sniffBytes(boolean eventStream, JsonNode id, List<Buffer> chunks) {
        List<UpstreamAnswer> answers = new ArrayList<>();
        AnswerSniffer sniffer = AnswerSniffer.of(eventStream, id, answers::add);
        for (Buffer chunk : chunks) {
            sniffer.feed(chunk);
        }
        sniffer.close();
        return answers;
    }

    private static List<Buffer> chunks(String text, int size) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        List<Buffer> chunks = new ArrayList<>();
        for (int from = 0; from < bytes.length; from += size) {
            chunks.add(Buffer.buffer().appendBytes(bytes, from, Math.min(size, bytes.length - from)));
        }
        return chunks;
    }
}
