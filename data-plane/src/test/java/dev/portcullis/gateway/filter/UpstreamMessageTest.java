package dev.portcullis.gateway.filter;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.portcullis.gateway.framing.Framer;
import dev.portcullis.gateway.framing.SseFields;
import io.vertx.core.buffer.Buffer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class UpstreamMessageTest {

    private static final JsonNode ID_7 = IntNode.valueOf(7);
    private static final int MAX_FRAME = 64 * 1024;

    private static final String TOOL_ERROR = """
            {"jsonrpc":"2.0","id":7,"result":{"content":[{"type":"text","text":"out of stock \\"é\\" {"}],\
            "isError":true}}""";

    private static final String PROGRESS = """
            {"jsonrpc":"2.0","method":"notifications/progress","params":{"progressToken":7,"progress":1,\
            "isError":true,"error":{"code":-32603}}}""";

    /** What the answer recorder and the breaker read from the answer. */
    record Answer(Integer errorCode, boolean toolError) {
    }

    @Test
    void tellsAnswersRequestsNotificationsAndOtherMessagesApart() {
        assertThat(kind("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{}}")).isEqualTo(UpstreamMessage.Kind.ANSWER);
        assertThat(kind("{\"jsonrpc\":\"2.0\",\"id\":1,\"error\":{\"code\":1}}")).isEqualTo(UpstreamMessage.Kind.ANSWER);
        assertThat(kind("{\"jsonrpc\":\"2.0\",\"id\":\"r1\",\"method\":\"roots/list\"}"))
                .isEqualTo(UpstreamMessage.Kind.REQUEST);
        assertThat(kind("{\"jsonrpc\":\"2.0\",\"id\":2.5,\"method\":\"ping\"}")).isEqualTo(UpstreamMessage.Kind.REQUEST);
        assertThat(kind(PROGRESS)).isEqualTo(UpstreamMessage.Kind.NOTIFICATION);
        assertThat(kind("{\"jsonrpc\":\"2.0\",\"id\":null,\"method\":\"ping\"}")).isEqualTo(UpstreamMessage.Kind.OTHER);
        assertThat(kind("{\"jsonrpc\":\"2.0\",\"id\":[1],\"method\":\"ping\"}")).isEqualTo(UpstreamMessage.Kind.OTHER);
        assertThat(kind("{\"jsonrpc\":\"2.0\",\"id\":{},\"method\":\"ping\"}")).isEqualTo(UpstreamMessage.Kind.OTHER);
        assertThat(kind("{\"jsonrpc\":\"2.0\",\"method\":7}")).isEqualTo(UpstreamMessage.Kind.OTHER);
        assertThat(kind("{\"method\":\"x\",\"id\":7,\"error\":{\"code\":1}}")).isEqualTo(UpstreamMessage.Kind.REQUEST);
        assertThat(kind("{\"jsonrpc\":\"2.0\",\"id\":7}")).isEqualTo(UpstreamMessage.Kind.OTHER);
        assertThat(kind("[]")).as("an array is a batch").isEqualTo(UpstreamMessage.Kind.BATCH);
        for (String text : List.of("<html><body>Bad gateway</body></html>", "upstream exploded", "", "42",
                "\"text\"", "null", "{\"jsonrpc\":\"2.0\",\"id\":7,\"result\":{\"content\":[")) {
            assertThat(kind(text)).as(text).isEqualTo(UpstreamMessage.Kind.OTHER);
            assertThat(message(text, ID_7, true).json()).as(text).isNull();
        }
    }

    @Test
    void aMessageWithADuplicateNameOrTrailingTokensIsNoAnswerWhetherSkimmedOrParsed() {
        for (String text : List.of("{\"jsonrpc\":\"2.0\",\"id\":7,\"result\":{},\"result\":{}}",
                "{\"jsonrpc\":\"2.0\",\"id\":7,\"result\":{\"content\":[],\"content\":[]}}",
                "{\"jsonrpc\":\"2.0\",\"id\":7,\"error\":{\"code\":1,\"code\":2}}",
                "{\"jsonrpc\":\"2.0\",\"id\":7,\"result\":{}} {}",
                "{\"jsonrpc\":\"2.0\",\"id\":7,\"result\":{}} x")) {
            UpstreamMessage skimmed = message(text, ID_7, false);
            assertThat(skimmed.kind()).as(text).isEqualTo(UpstreamMessage.Kind.OTHER);
            assertThat(skimmed.answersRequest()).as(text).isFalse();
            assertThat(skimmed.errorCode()).as(text).isNull();
            assertThat(skimmed.json()).as(text).isNull();
        }
    }

    @Test
    void theFactsAreTheSameWhetherReadFromTheTreeOrSkimmed() {
        for (String text : List.of("{\"jsonrpc\":\"2.0\",\"id\":7,\"result\":{\"isError\":true,\"content\":[{}]}}",
                "{\"jsonrpc\":\"2.0\",\"id\":7.0,\"error\":{\"data\":{\"code\":5},\"code\":-32603}}",
                "{\"error\":{\"code\":3000000000},\"id\":\"7\"}", "{\"error\":[1],\"result\":\"x\",\"id\":null}",
                "{\"method\":\"ping\",\"id\":7,\"params\":{\"a\":[1,{\"b\":2}]}}")) {
            UpstreamMessage skimmed = message(text, ID_7, false);
            UpstreamMessage parsed = message(text, ID_7, false);
            assertThat(parsed.json()).as(text).isNotNull();
            assertThat(skimmed.kind()).as(text).isEqualTo(parsed.kind());
            assertThat(skimmed.method()).as(text).isEqualTo(parsed.method());
            assertThat(skimmed.answersRequest()).as(text).isEqualTo(parsed.answersRequest());
            assertThat(skimmed.errorCode()).as(text).isEqualTo(parsed.errorCode());
            assertThat(skimmed.isToolError()).as(text).isEqualTo(parsed.isToolError());
        }
    }

    @Test
    void readsTheMethodOfRequestsAndNotificationsOnly() {
        assertThat(message("{\"jsonrpc\":\"2.0\",\"id\":4,\"\\u006dethod\":\"roots/list\"}", null, false).method())
                .isEqualTo("roots/list");
        assertThat(message(PROGRESS, null, false).method()).isEqualTo("notifications/progress");
        assertThat(message("{\"id\":1,\"result\":{}}", null, false).method()).isNull();
        assertThat(message("{\"method\":1}", null, false).method()).isNull();
        assertThat(message("not json", null, false).method()).isNull();
    }

    @Test
    void readsTheMessageFromTextOrFromBytesTheSame() {
        String text = "{\"jsonrpc\":\"2.0\",\"id\":7,\"error\":{\"code\":-32602,\"message\":\"caf\u00e9\"}}";
        UpstreamMessage fromBytes = new UpstreamMessage(null, Buffer.buffer(text.getBytes(StandardCharsets.UTF_8)),
                ID_7, false);

        assertThat(fromBytes.json()).isEqualTo(message(text, ID_7, false).json());
        assertThat(fromBytes.errorCode()).isEqualTo(-32602);
        assertThat(fromBytes.json()).isSameAs(fromBytes.json());
    }

    @Test
    void comparesIdsByValue() {
        assertThat(UpstreamMessage.sameId(IntNode.valueOf(1), DoubleNode.valueOf(1.0))).isTrue();
        assertThat(UpstreamMessage.sameId(IntNode.valueOf(1), LongNode.valueOf(1L))).isTrue();
        assertThat(UpstreamMessage.sameId(DecimalNode.valueOf(new BigDecimal("1.00")), IntNode.valueOf(1))).isTrue();
        assertThat(UpstreamMessage.sameId(TextNode.valueOf("1"), IntNode.valueOf(1))).isFalse();
        assertThat(UpstreamMessage.sameId(TextNode.valueOf("a"), TextNode.valueOf("a"))).isTrue();
        assertThat(UpstreamMessage.sameId(TextNode.valueOf("a"), TextNode.valueOf("A"))).isFalse();
        assertThat(UpstreamMessage.sameId(IntNode.valueOf(1), IntNode.valueOf(2))).isFalse();
        assertThat(UpstreamMessage.sameId(NullNode.getInstance(), NullNode.getInstance())).isFalse();
        assertThat(UpstreamMessage.sameId(null, IntNode.valueOf(1))).isFalse();
    }

    @Test
    void anSseAnswerAnswersTheRequestWhoseIdItCarriesOrANullId() {
        assertThat(answers("{\"jsonrpc\":\"2.0\",\"id\":7.0,\"error\":{\"code\":-32000}}")).isTrue();
        assertThat(answers("{\"jsonrpc\":\"2.0\",\"id\":7,\"result\":{}}")).isTrue();
        assertThat(answers("{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32700}}")).isTrue();
        assertThat(answers("{\"jsonrpc\":\"2.0\",\"id\":8,\"error\":{\"code\":-32000}}")).isFalse();
        assertThat(answers("{\"jsonrpc\":\"2.0\",\"id\":\"7\",\"result\":{}}")).as("a string id is not a number")
                .isFalse();
        assertThat(answers("{\"jsonrpc\":\"2.0\",\"result\":{}}")).as("no id").isFalse();
        assertThat(answers("{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"ping\"}")).as("a request").isFalse();
        assertThat(message("{\"jsonrpc\":\"2.0\",\"id\":7,\"result\":{}}", null, false).answersRequest())
                .as("no request").isFalse();
    }

    @Test
    void aBodyOrLineAnswerAnswersTheRequestWhateverItsId() {
        assertThat(message("{\"jsonrpc\":\"2.0\",\"id\":1,\"error\":{\"code\":-32603}}", ID_7, true).answersRequest())
                .isTrue();
        assertThat(message("{\"jsonrpc\":\"2.0\",\"result\":{}}", null, true).answersRequest()).isTrue();
        assertThat(message(PROGRESS, ID_7, true).answersRequest()).isFalse();
        assertThat(message("not json", ID_7, true).answersRequest()).isFalse();
    }

    @Test
    void readsOnlyAnIntegerErrorCodeOfTheAnswerItself() {
        assertThat(message("{\"jsonrpc\":\"2.0\",\"id\":1,\"error\":{\"code\":-32603,\"message\":\"boom\"}}", null,
                true).errorCode()).isEqualTo(-32603);
        assertThat(message("{\"jsonrpc\":\"2.0\",\"id\":1,\"error\":{\"code\":-32602,\"message\":\"-32603\"}}", null,
                true).errorCode()).isEqualTo(-32602);
        assertThat(message("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"text\":\"-32603\"}}", null, true).errorCode())
                .isNull();
        assertThat(message("not json -32603", null, true).errorCode()).isNull();
        assertThat(message("{\"id\":1,\"error\":{\"code\":\"-32603\"}}", null, true).errorCode()).isNull();
        assertThat(message("{\"id\":1,\"error\":{\"code\":-32603.5}}", null, true).errorCode()).isNull();
        assertThat(message("{\"id\":1,\"error\":-32603}", null, true).errorCode()).isNull();
    }

    @Test
    void ignoresErrorsNestedInsideTheResult() {
        assertEverySplit(Framer.Mode.WHOLE, ID_7, """
                {"jsonrpc":"2.0","id":7,"result":{"error":{"code":-32603},"content":[{"isError":true,\
                "error":{"code":-32000}}],"structuredContent":{"isError":true},"isError":false}}""",
                new Answer(null, false));
        assertEverySplit(Framer.Mode.WHOLE, ID_7, """
                {"jsonrpc":"2.0","id":7,"result":{"isError":{"isError":true}}}""", new Answer(null, false));
        assertEverySplit(Framer.Mode.WHOLE, ID_7, """
                {"jsonrpc":"2.0","id":7,"error":{"code":{"code":-32603},"data":{"code":-32000}}}""",
                new Answer(null, false));
        assertThat(message(PROGRESS, ID_7, true).isToolError()).as("params.isError").isFalse();
    }

    @Test
    void findsAJsonRpcErrorInAJsonBodySplitAtEveryByte() {
        assertEverySplit(Framer.Mode.WHOLE, ID_7, """
                {"jsonrpc":"2.0","id":7,"error":{"message":"Unknown tool: nope","code":-32602,"data":{"code":1}}}""",
                new Answer(-32602, false));
    }

    @Test
    void findsAToolErrorSplitAtEveryByte() {
        assertEverySplit(Framer.Mode.WHOLE, ID_7, TOOL_ERROR, new Answer(null, true));
    }

    @Test
    void findsAResultThatIsNotAnErrorSplitAtEveryByte() {
        assertEverySplit(Framer.Mode.WHOLE, ID_7, """
                {"jsonrpc":"2.0","id":7,"result":{"content":[],"isError":false}}""", new Answer(null, false));
    }

    @Test
    void takesAJsonBodyAsTheAnswerWhateverItsId() {
        assertEverySplit(Framer.Mode.WHOLE, ID_7, """
                {"jsonrpc":"2.0","error":{"code":-32603,"message":"upstream broke"},"id":1}""",
                new Answer(-32603, false));
    }

    @Test
    void onlyTheLiteralTrueMakesAToolError() {
        assertThat(message("{\"id\":7,\"result\":{\"isError\":true}}", ID_7, true).isToolError()).isTrue();
        assertThat(message("{\"id\":7,\"result\":{\"isError\":\"true\"}}", ID_7, true).isToolError()).isFalse();
        assertThat(message("{\"id\":7,\"result\":{\"isError\":1}}", ID_7, true).isToolError()).isFalse();
        assertThat(message("{\"id\":7,\"result\":{\"isError\":false}}", ID_7, true).isToolError()).isFalse();
        assertThat(message("{\"id\":7,\"result\":{}}", ID_7, true).isToolError()).isFalse();
        assertThat(message("{\"id\":7,\"result\":[true]}", ID_7, true).isToolError()).isFalse();
        assertThat(message("not json", ID_7, true).isToolError()).isFalse();
    }

    @Test
    void aJsonBodyFollowedByBlankLinesIsStillOneAnswer() {
        assertThat(relay(Framer.Mode.WHOLE, ID_7, "{\"jsonrpc\":\"2.0\",\"id\":7,\"result\":{}}\n\n"))
                .containsExactly(new Answer(null, false));
    }

    @Test
    void readsAnSseAnswerWhoseIdComesAfterTheResultSplitAtEveryByte() {
        String event = """
                data: {"result":{"isError":true},"jsonrpc":"2.0","id":"req-1"}

                """;

        assertEverySplit(Framer.Mode.EVENTS, TextNode.valueOf("req-1"), event, new Answer(null, true));
        assertThat(relay(Framer.Mode.EVENTS, TextNode.valueOf("req-2"), event)).isEmpty();
        assertThat(relay(Framer.Mode.EVENTS, ID_7, event)).as("a string id is not a number").isEmpty();
    }

    @Test
    void findsTheAnswerEventAfterNotificationsInAnSseStreamSplitAtEveryByte() {
        String stream = "id: s-1\nevent: message\ndata: " + PROGRESS + "\n\n"
                + ": keep-alive\n\n"
                + "event: message\ndata: {\"jsonrpc\":\"2.0\",\"id\":8,\"error\":{\"code\":-32001}}\n\n"
                + "id: s-2\r\nevent: message\r\ndata:" + TOOL_ERROR + "\r\n\r\n"
                + "data: {\"jsonrpc\":\"2.0\",\"id\":7,\"error\":{\"code\":-32603}}\n\n";

        assertEverySplit(Framer.Mode.EVENTS, ID_7, stream, new Answer(null, true));
    }

    @Test
    void joinsTheDataLinesOfOneEventSplitAtEveryByte() {
        String stream = "data: {\"jsonrpc\":\"2.0\",\rdata: \"id\":7,\ndata:\r\ndata: \"error\":{\"code\":-32602}}\r\r";

        assertEverySplit(Framer.Mode.EVENTS, ID_7, stream, new Answer(-32602, false));
    }

    @Test
    void findsNothingInAnSseStreamWithoutTheAnswer() {
        String stream = "data: " + PROGRESS + "\n\ndata: not json\n\nevent: message\n\n"
                + "data: {\"jsonrpc\":\"2.0\",\"id\":7,\"result\"\n\ndata: :{}}\n\n";

        assertThat(relay(Framer.Mode.EVENTS, ID_7, stream)).isEmpty();
    }

    @Test
    void theAnswerFrameEndsWhereTheAnswerEventEndsSplitAtEveryByte() {
        String answer = "event: message\r\ndata: {\"jsonrpc\":\"2.0\",\"id\":7,\"error\":{\"code\":-32602,"
                + "\"message\":\"bad\"}}\r\n\r\n";
        String before = "data: " + PROGRESS + "\n\n";
        byte[] bytes = (before + answer + "data: {\"after\":1}\n\n").getBytes(StandardCharsets.UTF_8);
        int answerEnd = (before + answer).getBytes(StandardCharsets.UTF_8).length;

        for (int cut = 0; cut <= bytes.length; cut++) {
            // A CR already ends the blank line: its LF, when only the next chunk brings it, is not waited for.
            int expected = cut == answerEnd - 1 ? answerEnd - 1 : answerEnd;
            assertThat(answerFrameEnd(List.of(Buffer.buffer().appendBytes(bytes, 0, cut),
                    Buffer.buffer().appendBytes(bytes, cut, bytes.length - cut)))).as("cut at byte %d", cut)
                    .isEqualTo(expected);
        }
        assertThat(answerFrameEnd(bytes(bytes))).as("byte by byte").isEqualTo(answerEnd - 1);
    }

    @Test
    void aResultLargerThanTheFrameBoundPassesUnreadAndReportsNothing() {
        String huge = "{\"jsonrpc\":\"2.0\",\"id\":7,\"result\":{\"content\":[{\"type\":\"text\",\"text\":\""
                + "x".repeat(MAX_FRAME) + "\"}],\"isError\":true}}";

        assertThat(relay(Framer.Mode.WHOLE, ID_7, chunks(huge, 16 * 1024))).isEmpty();
    }

    @Test
    void readsALargeResultThatFitsTheFrameBound() {
        String large = "{\"jsonrpc\":\"2.0\",\"id\":7,\"result\":{\"content\":["
                + "{\"type\":\"text\",\"text\":\"abc\"},".repeat(2_000) + "{}],\"isError\":true}}";

        assertThat(relay(Framer.Mode.WHOLE, ID_7, chunks(large, 8 * 1024))).containsExactly(new Answer(null, true));
    }

    @Test
    void skipsAnSseEventLargerThanTheFrameBoundAndReadsTheNext() {
        String stream = "data: {\"jsonrpc\":\"2.0\",\"id\":7,\"result\":{\"text\":\""
                + "y".repeat(MAX_FRAME) + "\",\"isError\":true}}\n\n"
                + "data: {\"jsonrpc\":\"2.0\",\"id\":7,\"error\":{\"code\":-32000}}\n\n";

        assertThat(relay(Framer.Mode.EVENTS, ID_7, chunks(stream, 32 * 1024))).containsExactly(new Answer(-32000, false));
    }

    @Test
    void findsTheAnswerLineOfAJsonLinesBodyAfterNotifications() {
        String lines = PROGRESS + "\n" + "{\"jsonrpc\":\"2.0\",\"id\":7,\"error\":{\"code\":-32603}}\n";

        assertEverySplit(Framer.Mode.LINES, ID_7, lines, new Answer(-32603, false));
    }

    @Test
    void aReplacedMessageIsParsedNoMoreAndADroppedOneIsMarked() {
        UpstreamMessage message = message("not json", ID_7, false);
        ObjectNode replacement = JsonNodeFactory.instance.objectNode().put("id", 7).set("result",
                JsonNodeFactory.instance.objectNode());

        message.replace(replacement);

        assertThat(message.replaced()).isTrue();
        assertThat(message.json()).isSameAs(replacement);
        assertThat(message.answersRequest()).isTrue();
        assertThat(message.dropped()).isFalse();
        message.drop();
        assertThat(message.dropped()).isTrue();
    }

    private static UpstreamMessage message(String text, JsonNode requestId, boolean anyId) {
        return new UpstreamMessage(text, null, requestId, anyId);
    }

    private static UpstreamMessage.Kind kind(String text) {
        return message(text, null, false).kind();
    }

    /** An SSE event's message for request 7. */
    private static boolean answers(String text) {
        return message(text, ID_7, false).answersRequest();
    }

    /**
     * Frames {@code chunks} and reads each frame's message as the response relay does, up to the answer (the relay
     * ends the agent's response with it): what the answer recorder would record.
     */
    private static List<Answer> relay(Framer.Mode mode, JsonNode requestId, String... chunks) {
        return relay(mode, requestId, List.of(chunks).stream().map(Buffer::buffer).toList());
    }

    private static List<Answer> relay(Framer.Mode mode, JsonNode requestId, List<Buffer> chunks) {
        List<Answer> answers = new ArrayList<>();
        Framer framer = new Framer(mode, MAX_FRAME, Framer.Overflow.PASS, new Framer.Sink() {
            @Override
            public void frame(Buffer frame) {
                UpstreamMessage message = read(mode, requestId, frame);
                if (answers.isEmpty() && message != null && message.answersRequest()) {
                    answers.add(new Answer(message.errorCode(), message.isToolError()));
                }
            }

            @Override
            public void passing(Buffer bytes, boolean ends) {
            }
        });
        chunks.forEach(framer::feed);
        framer.finish();
        return answers;
    }

    /** How many bytes of the stream were framed when the answer's frame was handed on; -1 without an answer. */
    private static int answerFrameEnd(List<Buffer> chunks) {
        int[] framed = {0, -1};
        Framer framer = new Framer(Framer.Mode.EVENTS, MAX_FRAME, Framer.Overflow.FAIL, frame -> {
            framed[0] += frame.length();
            UpstreamMessage message = read(Framer.Mode.EVENTS, ID_7, frame);
            if (framed[1] < 0 && message != null && message.answersRequest()) {
                framed[1] = framed[0];
            }
        });
        chunks.forEach(framer::feed);
        framer.finish();
        return framed[1];
    }

    private static UpstreamMessage read(Framer.Mode mode, JsonNode requestId, Buffer frame) {
        if (mode != Framer.Mode.EVENTS) {
            return new UpstreamMessage(null, frame, requestId, true);
        }
        SseFields fields = SseFields.parse(frame);
        return fields.data() == null || fields.data().isBlank() ? null
                : new UpstreamMessage(fields.data(), null, requestId, false);
    }

    private static void assertEverySplit(Framer.Mode mode, JsonNode id, String text, Answer expected) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        for (int cut = 0; cut <= bytes.length; cut++) {
            assertThat(relay(mode, id, List.of(Buffer.buffer().appendBytes(bytes, 0, cut),
                    Buffer.buffer().appendBytes(bytes, cut, bytes.length - cut)))).as("cut at byte %d", cut)
                    .containsExactly(expected);
        }
        assertThat(relay(mode, id, bytes(bytes))).as("byte by byte").containsExactly(expected);
    }

    private static List<Buffer> bytes(byte[] bytes) {
        List<Buffer> single = new ArrayList<>();
        for (byte b : bytes) {
            single.add(Buffer.buffer(new byte[] {b}));
        }
        return single;
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
