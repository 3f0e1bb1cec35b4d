package dev.portcullis.gateway.proxy;

import io.vertx.core.buffer.Buffer;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Incremental {@code text/event-stream} parser (WHATWG rules): accepts chunks cut anywhere, even inside a UTF-8
 * sequence or between {@code \r} and {@code \n}, and emits each event when its blank line arrives. Comments
 * ({@code : ping}) are skipped. An event (every byte up to its blank line) larger than {@code maxEventBytes} is
 * never buffered whole: the parser calls {@code onOverflow} once and ignores the rest of the stream. Not
 * thread-safe: one per stream.
 */
public final class SseEventParser {

    private final Consumer<SseEvent> sink;
    private final int maxEventBytes;
    private final Runnable onOverflow;
    private long eventBytes;
    private boolean overflowed;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream(256);
    private final StringBuilder data = new StringBuilder();
    private boolean hasData;
    private String event;
    private String id;
    private boolean lastWasCarriageReturn;

    public SseEventParser(Consumer<SseEvent> sink, int maxEventBytes, Runnable onOverflow) {
        this.sink = sink;
        this.maxEventBytes = maxEventBytes;
        this.onOverflow = onOverflow;
    }

    public void feed(Buffer chunk) {
        for (int i = 0; i < chunk.length() && !overflowed; i++) {
            byte b = chunk.getByte(i);
            if (++eventBytes > maxEventBytes) {
                overflowed = true;
                line.reset();
                data.setLength(0);
                onOverflow.run();
                return;
            }
            if (b == '\n' && lastWasCarriageReturn) {
                lastWasCarriageReturn = false;
                continue;
            }
            lastWasCarriageReturn = b == '\r';
            if (b == '\n' || b == '\r') {
                endOfLine();
            } else {
                line.write(b);
            }
        }
    }

    private void endOfLine() {
        String text = line.toString(StandardCharsets.UTF_8);
        line.reset();
        if (text.isEmpty()) {
            dispatch();
            return;
        }
        if (text.charAt(0) == ':') {
            return;
        }
        int colon = text.indexOf(':');
        String field = colon < 0 ? text : text.substring(0, colon);
        String value = colon < 0 ? "" : text.substring(colon + 1);
        if (value.startsWith(" ")) {
            value = value.substring(1);
        }
        switch (field) {
            case "data" -> {
                if (hasData) {
                    data.append('\n');
                }
                data.append(value);
                hasData = true;
            }
            case "event" -> event = value;
            case "id" -> id = value;
            default -> {
            }
        }
    }

    private void dispatch() {
        if (hasData) {
            sink.accept(new SseEvent(event == null || event.isEmpty() ? "message" : event, data.toString(), id));
        }
        data.setLength(0);
        eventBytes = 0;
        hasData = false;
        event = null;
        id = null;
    }
}
