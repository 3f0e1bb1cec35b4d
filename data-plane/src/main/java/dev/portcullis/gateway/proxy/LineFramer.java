package dev.portcullis.gateway.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portcullis.model.json.Json;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;

/**
 * Cuts a streamed body that is neither JSON nor SSE (JSON lines, {@code application/x-ndjson}, or anything else of
 * unknown length) into lines, so each frame reaches the agent as soon as its line ends, and finds the line that
 * answers the request: a JSON-RPC response (an object with {@code result} or {@code error} and no {@code method};
 * HTTP ties it to the request, whatever its id). Only that line is held back, to end the agent's response after
 * the request's record. A line still open after {@value #MAX_OPEN_LINE} bytes is passed on as it is (it is too
 * long to be an answer the gateway would hold), so no body is ever buffered whole.
 *
 * <p>Event-loop confined, one per body.
 */
final class LineFramer {

    static final int MAX_OPEN_LINE = AnswerSniffer.MAX_BYTES;

    /**
     * What one chunk gave: {@code ready} goes to the agent now; {@code answer}, when not null, is the line that
     * answers the request (newline included), which ends the response; whatever follows it is not wanted.
     */
    record Cut(Buffer ready, Buffer answer) {
    }

    private final boolean findAnswer;
    private Buffer open = Buffer.buffer();
    private boolean passingLongLine;

    /** @param findAnswer false when no line answers anything (the body answers a notification or a GET) */
    LineFramer(boolean findAnswer) {
        this.findAnswer = findAnswer;
    }

    Cut feed(Buffer chunk) {
        Buffer ready = Buffer.buffer(chunk.length() + open.length());
        int from = 0;
        for (int i = 0; i < chunk.length(); i++) {
            if (chunk.getByte(i) != '\n') {
                continue;
            }
            Buffer line = open.length() == 0 ? chunk.getBuffer(from, i + 1)
                    : open.appendBuffer(chunk, from, i + 1 - from);
            open = Buffer.buffer();
            from = i + 1;
            boolean wasLong = passingLongLine;
            passingLongLine = false;
            if (!wasLong && findAnswer && isAnswer(line)) {
                return new Cut(ready, line);
            }
            ready.appendBuffer(line);
        }
        if (passingLongLine) {
            ready.appendBuffer(chunk, from, chunk.length() - from);
        } else {
            open.appendBuffer(chunk, from, chunk.length() - from);
            if (open.length() > MAX_OPEN_LINE) {
                ready.appendBuffer(open);
                open = Buffer.buffer();
                passingLongLine = true;
            }
        }
        return new Cut(ready, null);
    }

    /** The bytes of a last line the body ended without its newline (possibly empty). */
    Buffer rest() {
        Buffer rest = open;
        open = Buffer.buffer();
        return rest;
    }

    private static boolean isAnswer(Buffer line) {
        String text = line.toString(java.nio.charset.StandardCharsets.UTF_8);
        if (!text.contains("\"result\"") && !text.contains("\"error\"")) {
            return false;
        }
        try {
            JsonNode message = Json.mapper().readTree(text);
            return message != null && message.isObject() && !message.has("method")
                    && (message.has("result") || message.has("error"));
        } catch (IOException e) {
            return false;
        }
    }
}
