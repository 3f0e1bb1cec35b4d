package dev.portcullis.gateway.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

class LineFramerTest {

    private static final String NOTIFICATION = "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/message\"}\n";
    private static final String ANSWER = "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{}}\n";

    @Test
    void passesEachCompleteLineAtOnceAndKeepsOnlyTheOpenOne() {
        LineFramer framer = new LineFramer(true);

        LineFramer.Cut cut = framer.feed(Buffer.buffer(NOTIFICATION + NOTIFICATION.substring(0, 7)));

        assertThat(cut.ready().toString()).isEqualTo(NOTIFICATION);
        assertThat(cut.answer()).isNull();
        assertThat(framer.feed(Buffer.buffer(NOTIFICATION.substring(7))).ready().toString()).isEqualTo(NOTIFICATION);
        assertThat(framer.rest().length()).isZero();
    }

    @Test
    void holdsTheLineThatAnswersTheRequestEvenWhenItArrivesInPieces() {
        LineFramer framer = new LineFramer(true);

        LineFramer.Cut first = framer.feed(Buffer.buffer(NOTIFICATION + ANSWER.substring(0, 12)));
        LineFramer.Cut second = framer.feed(Buffer.buffer(ANSWER.substring(12) + NOTIFICATION));

        assertThat(first.ready().toString()).isEqualTo(NOTIFICATION);
        assertThat(second.ready().length()).isZero();
        assertThat(second.answer().toString()).isEqualTo(ANSWER);
    }

    @Test
    void findsNoAnswerWhenNoneIsExpected() {
        LineFramer framer = new LineFramer(false);

        LineFramer.Cut cut = framer.feed(Buffer.buffer(ANSWER));

        assertThat(cut.answer()).isNull();
        assertThat(cut.ready().toString()).isEqualTo(ANSWER);
    }

    @Test
    void aLineLongerThanAnyAnswerIsPassedOnAsItComesInsteadOfBuffered() {
        LineFramer framer = new LineFramer(true);
        String longText = "x".repeat(LineFramer.MAX_OPEN_LINE + 1);

        LineFramer.Cut cut = framer.feed(Buffer.buffer(longText));
        LineFramer.Cut more = framer.feed(Buffer.buffer("\"result\"}\n" + NOTIFICATION));

        assertThat(cut.ready().length()).isEqualTo(longText.length());
        assertThat(more.answer()).isNull();
        assertThat(more.ready().toString()).isEqualTo("\"result\"}\n" + NOTIFICATION);
    }
}
