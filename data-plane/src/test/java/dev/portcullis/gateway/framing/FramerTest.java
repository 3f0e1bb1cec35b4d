package dev.portcullis.gateway.framing;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FramerTest {

    private static final String NOTIFICATION = "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/message\"}\n";
    private static final String ANSWER = "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{}}\n";
    private static final String EVENTS = ": ping\n\nid: 1\ndata: {\"a\":1}\n\nevent: message\r\ndata: x\r\n\r\n"
            + "data: caf\u00e9\rdata: 2\r\rdata: 3\n\r\n";

    /** Records what a framer hands on, in order; passed bytes are recorded as {@code pass(...)} / {@code end(...)}. */
    private static final class Recorder implements Framer.Sink {
        final List<String> out = new ArrayList<>();
        int overflows;

        @Override
        public void frame(Buffer frame) {
            out.add(frame.toString(StandardCharsets.UTF_8));
        }

        @Override
        public void passing(Buffer bytes, boolean ends) {
            out.add((ends ? "end(" : "pass(") + bytes.toString(StandardCharsets.UTF_8) + ")");
        }

        @Override
        public void overflowed() {
            overflows++;
        }
    }

    @Test
    void cutsEventsKeepingEveryByteWhenFedByteByByte() {
        Recorder sink = new Recorder();
        Framer framer = new Framer(Framer.Mode.EVENTS, 1024, Framer.Overflow.FAIL, sink);

        for (byte b : EVENTS.getBytes(StandardCharsets.UTF_8)) {
            framer.feed(Buffer.buffer(new byte[] {b}));
        }
        framer.finish();

        assertThat(String.join("", sink.out)).isEqualTo(EVENTS);
        assertThat(sink.out.get(0)).isEqualTo(": ping\n\n");
        assertThat(sink.out.get(1)).isEqualTo("id: 1\ndata: {\"a\":1}\n\n");
    }

    @Test
    void forgetsAnUnfinishedEventSoAResumedStreamStartsClean() {
        Recorder sink = new Recorder();
        Framer framer = new Framer(Framer.Mode.EVENTS, 1024, Framer.Overflow.FAIL, sink);
        framer.feed(Buffer.buffer("id: 1\ndata: {}\n\nid: 2\ndata: {\"hal"));

        framer.discardHeld();
        framer.feed(Buffer.buffer("id: 2\ndata: {\"half\":false}\n\n"));

        assertThat(sink.out).containsExactly("id: 1\ndata: {}\n\n", "id: 2\ndata: {\"half\":false}\n\n");
        assertThat(framer.holding()).isFalse();
    }

    @Test
    void cutsEventsAtBlankLinesInEachOfTheThreeLineEndings() {
        assertThat(frames(Framer.Mode.EVENTS, EVENTS)).containsExactly(": ping\n\n", "id: 1\ndata: {\"a\":1}\n\n",
                "event: message\r\ndata: x\r\n\r\n", "data: caf\u00e9\rdata: 2\r\r", "data: 3\n\r\n");
    }

    @Test
    void givesTheSameEventsWhereverTheStreamIsCut() {
        List<String> whole = frames(Framer.Mode.EVENTS, EVENTS);
        byte[] bytes = EVENTS.getBytes(StandardCharsets.UTF_8);

        for (int cut = 0; cut <= bytes.length; cut++) {
            List<String> split = frames(Framer.Mode.EVENTS, bytes, cut);
            assertThat(String.join("", split)).as("cut at byte %d", cut).isEqualTo(EVENTS);
            if (endsWithBlankLineCr(bytes, cut)) {
                // A CR already ends the blank line: its LF, when only the next chunk brings it, is not waited for
                // (an upstream may send nothing more for a long time). It opens the next frame instead.
                assertThat(split).as("cut at byte %d", cut).isNotEqualTo(whole);
                assertThat(lfMovedBack(split)).as("cut at byte %d", cut).isEqualTo(whole);
                continue;
            }
            assertThat(split).as("cut at byte %d", cut).isEqualTo(whole);
        }
    }

    @Test
    void aCrLfBlankLineCutBetweenCrAndLfEndsTheEventAtTheCr() {
        assertThat(chunked(Framer.Mode.EVENTS, "data: x\r\n\r", "\ndata: y\r\n\r\n"))
                .containsExactly("data: x\r\n\r", "\ndata: y\r\n\r\n");
        assertThat(SseFields.parse(Buffer.buffer("\ndata: y\r\n\r\n")).data()).isEqualTo("y");
    }

    @Test
    void aLineEndCutBetweenCrAndLfIsOneLineEnd() {
        assertThat(chunked(Framer.Mode.EVENTS, "data: x\r", "\ndata: y\r", "\n\r", "\n"))
                .containsExactly("data: x\r\ndata: y\r\n\r", "\n");
        assertThat(chunked(Framer.Mode.EVENTS, "data: x\r", "\n", "\r\n"))
                .containsExactly("data: x\r\n\r\n");
    }

    @Test
    void givesTheSameLinesWhereverTheStreamIsCut() {
        String stream = NOTIFICATION + "\r\n" + ANSWER + "{\"caf\u00e9\":1}\n" + NOTIFICATION;
        List<String> whole = frames(Framer.Mode.LINES, stream);
        byte[] bytes = stream.getBytes(StandardCharsets.UTF_8);

        assertThat(whole).containsExactly(NOTIFICATION, "\r\n", ANSWER, "{\"caf\u00e9\":1}\n", NOTIFICATION);
        for (int cut = 0; cut <= bytes.length; cut++) {
            assertThat(frames(Framer.Mode.LINES, bytes, cut)).as("cut at byte %d", cut).isEqualTo(whole);
        }
    }

    @Test
    void passesEachCompleteLineAtOnceAndHoldsOnlyTheOpenOne() {
        Recorder sink = new Recorder();
        Framer framer = new Framer(Framer.Mode.LINES, 1024, Framer.Overflow.PASS, sink);

        framer.feed(Buffer.buffer(NOTIFICATION + NOTIFICATION.substring(0, 7)));

        assertThat(sink.out).containsExactly(NOTIFICATION);
        assertThat(framer.holding()).isTrue();

        framer.feed(Buffer.buffer(NOTIFICATION.substring(7)));

        assertThat(sink.out).containsExactly(NOTIFICATION, NOTIFICATION);
        assertThat(framer.holding()).isFalse();
    }

    @Test
    void handsOnALineThatArrivesInPiecesAsOneFrame() {
        assertThat(chunked(Framer.Mode.LINES, NOTIFICATION + ANSWER.substring(0, 12), ANSWER.substring(12)
                + NOTIFICATION)).containsExactly(NOTIFICATION, ANSWER, NOTIFICATION);
    }

    @Test
    void passesALineLongerThanTheBoundAsItComesAndFramesTheNextOne() {
        Recorder sink = new Recorder();
        Framer framer = new Framer(Framer.Mode.LINES, 16, Framer.Overflow.PASS, sink);
        String longText = "x".repeat(17);

        framer.feed(Buffer.buffer(longText));

        assertThat(sink.out).containsExactly("pass(" + longText + ")");
        assertThat(framer.insideLongFrame()).isTrue();
        assertThat(framer.holding()).isFalse();

        framer.feed(Buffer.buffer("yy"));
        framer.feed(Buffer.buffer("\"result\"}\n" + "{\"a\":1}\n"));

        assertThat(sink.out).containsExactly("pass(" + longText + ")", "pass(yy)", "end(\"result\"}\n)",
                "{\"a\":1}\n");
        assertThat(framer.insideLongFrame()).isFalse();
    }

    @Test
    void passesAWholeTooLongFrameInOneChunkWithItsEnd() {
        assertThat(chunked(16, Framer.Overflow.PASS, Framer.Mode.EVENTS,
                "data: 1\n\ndata: " + "x".repeat(20) + "\n\ndata: 3\n\n"))
                .containsExactly("data: 1\n\n", "end(data: " + "x".repeat(20) + "\n\n)", "data: 3\n\n");
    }

    @Test
    void aPassedFrameLeftOpenAtTheEndOfTheStreamEndsEmpty() {
        Recorder sink = new Recorder();
        Framer framer = new Framer(Framer.Mode.EVENTS, 8, Framer.Overflow.PASS, sink);

        framer.feed(Buffer.buffer("data: 123456789"));
        framer.finish();

        assertThat(sink.out).containsExactly("pass(data: 123456789)", "end()");
        assertThat(framer.insideLongFrame()).isFalse();
    }

    @Test
    void aNewFramerStandsBetweenFrames() {
        Framer framer = new Framer(Framer.Mode.EVENTS, 8, Framer.Overflow.PASS, new Recorder());

        assertThat(framer.insideLongFrame()).isFalse();
        assertThat(framer.holding()).isFalse();
    }

    @Test
    void givesUpOnceAnEventGrowsPastTheBoundWithoutBufferingIt() {
        Recorder sink = new Recorder();
        Framer framer = new Framer(Framer.Mode.EVENTS, 64, Framer.Overflow.FAIL, sink);

        framer.feed(Buffer.buffer("event: snapshot\ndata: " + "x".repeat(40) + "\n\n"));
        framer.feed(Buffer.buffer("event: snapshot\ndata: " + "y".repeat(100)));
        framer.feed(Buffer.buffer("\n\nevent: snapshot\ndata: z\n\n"));
        framer.finish();

        assertThat(sink.out).containsExactly("event: snapshot\ndata: " + "x".repeat(40) + "\n\n");
        assertThat(sink.overflows).isEqualTo(1);
    }

    @Test
    void stopsAtAnOversizedEventThatArrivesInOneChunk() {
        Recorder sink = new Recorder();
        Framer framer = new Framer(Framer.Mode.EVENTS, 16, Framer.Overflow.FAIL, sink);

        framer.feed(Buffer.buffer("data: 1\n\ndata: " + "x".repeat(100) + "\n\ndata: 3\n\n"));
        framer.feed(Buffer.buffer("data: 4\n\n"));
        framer.finish();

        assertThat(sink.out).containsExactly("data: 1\n\n");
        assertThat(sink.overflows).isEqualTo(1);
    }

    @Test
    void countsEachEventAgainstTheBoundSeparately() {
        Recorder sink = new Recorder();
        Framer framer = new Framer(Framer.Mode.EVENTS, 64, Framer.Overflow.FAIL, sink);

        for (int i = 0; i < 5; i++) {
            framer.feed(Buffer.buffer("event: snapshot\ndata: " + "x".repeat(30) + "\n\n"));
        }

        assertThat(sink.out).hasSize(5);
        assertThat(sink.overflows).isZero();
    }

    @Test
    void anEventOfExactlyTheBoundIsFramed() {
        String event = "data: " + "x".repeat(8) + "\n\n";

        assertThat(chunked(event.length(), Framer.Overflow.FAIL, Framer.Mode.EVENTS, event.substring(0, 5),
                event.substring(5))).containsExactly(event);
        assertThat(chunked(event.length() - 1, Framer.Overflow.PASS, Framer.Mode.EVENTS, event))
                .containsExactly("end(" + event + ")");
    }

    @Test
    void handsOnATrailingFrameWithoutItsEndAtFinish() {
        assertThat(chunked(Framer.Mode.EVENTS, "data: 1\n\ndata: 2\n")).containsExactly("data: 1\n\n", "data: 2\n");
        assertThat(chunked(Framer.Mode.LINES, NOTIFICATION + "{\"id\":1")).containsExactly(NOTIFICATION, "{\"id\":1");
        assertThat(chunked(Framer.Mode.EVENTS, "data: 1\n\n")).containsExactly("data: 1\n\n");
    }

    @Test
    void wholeModeHandsOnTheBodyAsOneFrameAtFinish() {
        Recorder sink = new Recorder();
        Framer framer = new Framer(Framer.Mode.WHOLE, 1024, Framer.Overflow.FAIL, sink);

        framer.feed(Buffer.buffer("{\"a\":1}\n\n"));
        framer.feed(Buffer.buffer("data: x\n\n"));

        assertThat(sink.out).isEmpty();
        assertThat(framer.holding()).isTrue();

        framer.finish();

        assertThat(sink.out).containsExactly("{\"a\":1}\n\ndata: x\n\n");
    }

    @Test
    void wholeModePassesABodyLongerThanTheBoundAndEndsItAtFinish() {
        assertThat(chunked(8, Framer.Overflow.PASS, Framer.Mode.WHOLE, "{\"a\":", "12345", "678}"))
                .containsExactly("pass({\"a\":12345)", "pass(678})", "end()");
    }

    @Test
    void wholeModeFailsOnceOnABodyLongerThanTheBound() {
        Recorder sink = new Recorder();
        Framer framer = new Framer(Framer.Mode.WHOLE, 8, Framer.Overflow.FAIL, sink);

        framer.feed(Buffer.buffer("{\"a\":"));
        framer.feed(Buffer.buffer("12345"));
        framer.feed(Buffer.buffer("678}"));
        framer.finish();

        assertThat(sink.out).isEmpty();
        assertThat(sink.overflows).isEqualTo(1);
    }

    @Test
    void anEmptyStreamHasNoFrame() {
        assertThat(chunked(Framer.Mode.WHOLE)).isEmpty();
        assertThat(chunked(Framer.Mode.EVENTS, "")).isEmpty();
    }

    /** True when the cut falls between the CR and the LF of a CRLF blank line. */
    private static boolean endsWithBlankLineCr(byte[] bytes, int cut) {
        if (cut < 2 || cut >= bytes.length || bytes[cut - 1] != '\r' || bytes[cut] != '\n') {
            return false;
        }
        return bytes[cut - 2] == '\n' || bytes[cut - 2] == '\r';
    }

    /** The frames with a LF that opens a frame moved back to the frame its CR ended. */
    private static List<String> lfMovedBack(List<String> frames) {
        List<String> moved = new ArrayList<>();
        for (String frame : frames) {
            if (frame.startsWith("\n") && !moved.isEmpty() && moved.get(moved.size() - 1).endsWith("\r")) {
                moved.set(moved.size() - 1, moved.get(moved.size() - 1) + "\n");
                frame = frame.substring(1);
            }
            if (!frame.isEmpty()) {
                moved.add(frame);
            }
        }
        return moved;
    }

    private static List<String> frames(Framer.Mode mode, String text) {
        return chunked(mode, text);
    }

    private static List<String> frames(Framer.Mode mode, byte[] bytes, int cut) {
        Recorder sink = new Recorder();
        Framer framer = new Framer(mode, 1024, Framer.Overflow.FAIL, sink);
        framer.feed(Buffer.buffer().appendBytes(bytes, 0, cut));
        framer.feed(Buffer.buffer().appendBytes(bytes, cut, bytes.length - cut));
        framer.finish();
        return sink.out;
    }

    private static List<String> chunked(Framer.Mode mode, String... chunks) {
        return chunked(1024, Framer.Overflow.FAIL, mode, chunks);
    }

    private static List<String> chunked(int maxFrame, Framer.Overflow overflow, Framer.Mode mode, String... chunks) {
        Recorder sink = new Recorder();
        Framer framer = new Framer(mode, maxFrame, overflow, sink);
        for (String chunk : chunks) {
            framer.feed(Buffer.buffer(chunk));
        }
        framer.finish();
        assertThat(sink.overflows).isZero();
        return sink.out;
    }
}
