package dev.portcullis.gateway.framing;

import io.vertx.core.buffer.Buffer;
import java.util.Objects;

/**
 * Cuts a streamed body into the frames that carry its messages, whatever the chunks: the one place where the
 * gateway finds message boundaries in a byte stream (answers from upstreams and the config feed alike).
 * <ul>
 *   <li>{@link Mode#EVENTS}: a {@code text/event-stream}, cut into events (WHATWG rules): each frame is every byte
 *       up to and including the blank line that ends the event ({@code LF}, {@code CR} or {@code CRLF} line ends,
 *       chunks cut anywhere, even between {@code CR} and {@code LF}), so a frame that is not rewritten is relayed
 *       byte for byte, comments and all. {@link SseFields#parse} reads a frame's fields.</li>
 *   <li>{@link Mode#LINES}: JSON lines (and any other streamed body of unknown length): each frame is one line,
 *       its {@code LF} included.</li>
 *   <li>{@link Mode#WHOLE}: one message, the whole body.</li>
 * </ul>
 * No frame is ever buffered beyond {@code maxFrame} bytes. What happens to a longer one is the caller's choice: with
 * {@link Overflow#PASS} its bytes are handed on as they arrive ({@link Sink#passing}) until the frame ends; with
 * {@link Overflow#FAIL} {@link Sink#overflowed} runs once and the rest of the stream is ignored. Not thread-safe:
 * one per stream.
 */
public final class Framer {

    public enum Mode { EVENTS, LINES, WHOLE }

    public enum Overflow { PASS, FAIL }

    /** Where the frames go. */
    public interface Sink {
        /** One complete frame (the last one of a stream may lack its end, see {@link #finish}). */
        void frame(Buffer frame);

        /** Bytes of a frame too long to hold, as they arrive; {@code ends} is true with its last bytes. */
        default void passing(Buffer bytes, boolean ends) {
            throw new IllegalStateException("no overflow expected");
        }

        /** A frame was too long with {@link Overflow#FAIL}; the stream is given up. */
        default void overflowed() {
        }
    }

    private final Mode mode;
    private final int maxFrame;
    private final Overflow overflow;
    private final Sink sink;
    private Buffer open = Buffer.buffer(256);
    private boolean atLineStart = true;
    private boolean lastWasCarriageReturn;
    private boolean passingLong;
    private boolean failed;

    public Framer(Mode mode, int maxFrame, Overflow overflow, Sink sink) {
        this.mode = Objects.requireNonNull(mode, "mode");
        this.maxFrame = maxFrame;
        this.overflow = Objects.requireNonNull(overflow, "overflow");
        this.sink = Objects.requireNonNull(sink, "sink");
    }

    public void feed(Buffer chunk) {
        if (failed) {
            return;
        }
        int from = 0;
        if (mode != Mode.WHOLE) {
            for (int i = 0; i < chunk.length() && !failed; i++) {
                int end = frameEnd(chunk, i);
                if (end < 0) {
                    continue;
                }
                emit(chunk, from, end);
                from = end;
                i = end - 1;
            }
        }
        if (!failed && from < chunk.length()) {
            hold(chunk, from, chunk.length());
        }
    }

    /** The stream ended: a last frame left without its end is handed on as it is. */
    public void finish() {
        if (failed) {
            return;
        }
        if (passingLong) {
            passingLong = false;
            sink.passing(Buffer.buffer(0), true);
        } else if (open.length() > 0) {
            Buffer last = open;
            open = Buffer.buffer(0);
            sink.frame(last);
        }
    }

    /** True while a frame too long to hold is being passed on: the stream stands inside a frame. */
    public boolean insideLongFrame() {
        return passingLong;
    }

    /**
     * Forgets the bytes of an unfinished frame, as if the stream had just begun (a resumed stream sends that frame
     * again). Not allowed {@linkplain #insideLongFrame inside a long frame}: part of it was passed on already.
     */
    public void discardHeld() {
        if (passingLong) {
            throw new IllegalStateException("inside a long frame");
        }
        open = Buffer.buffer(256);
        atLineStart = true;
        lastWasCarriageReturn = false;
    }

    /** True when bytes of an unfinished frame are held. */
    public boolean holding() {
        return open.length() > 0;
    }

    /** Where the frame ends if byte {@code i} ends it (the index after it), else -1. */
    private int frameEnd(Buffer chunk, int i) {
        byte b = chunk.getByte(i);
        if (mode == Mode.LINES) {
            return b == '\n' ? i + 1 : -1;
        }
        if (b == '\n' && lastWasCarriageReturn) {
            lastWasCarriageReturn = false;
            return -1;
        }
        lastWasCarriageReturn = b == '\r';
        if (b != '\n' && b != '\r') {
            atLineStart = false;
            return -1;
        }
        if (!atLineStart) {
            atLineStart = true;
            return -1;
        }
        int end = i + 1;
        if (b == '\r' && end < chunk.length() && chunk.getByte(end) == '\n') {
            end++;
            lastWasCarriageReturn = false;
        }
        return end;
    }

    private void emit(Buffer chunk, int from, int to) {
        if (passingLong) {
            passingLong = false;
            sink.passing(chunk.getBuffer(from, to), true);
            return;
        }
        if (open.length() == 0) {
            if (to - from > maxFrame) {
                tooLong(chunk.getBuffer(from, to), true);
                return;
            }
            sink.frame(chunk.getBuffer(from, to));
            return;
        }
        if (open.length() + (to - from) > maxFrame) {
            Buffer held = open.appendBuffer(chunk, from, to - from);
            open = Buffer.buffer(256);
            tooLong(held, true);
            return;
        }
        Buffer frame = open.appendBuffer(chunk, from, to - from);
        open = Buffer.buffer(256);
        sink.frame(frame);
    }

    private void hold(Buffer chunk, int from, int to) {
        if (passingLong) {
            sink.passing(chunk.getBuffer(from, to), false);
            return;
        }
        if (open.length() + (to - from) > maxFrame) {
            Buffer held = open.appendBuffer(chunk, from, to - from);
            open = Buffer.buffer(256);
            tooLong(held, false);
            return;
        }
        open.appendBuffer(chunk, from, to - from);
    }

    private void tooLong(Buffer bytes, boolean ends) {
        if (overflow == Overflow.FAIL) {
            failed = true;
            sink.overflowed();
            return;
        }
        passingLong = !ends;
        sink.passing(bytes, ends);
    }
}
