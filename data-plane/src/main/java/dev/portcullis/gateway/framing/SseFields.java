package dev.portcullis.gateway.framing;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;

/**
 * The fields of one Server-Sent Event frame (WHATWG rules: {@code data} lines joined with {@code LF}, comments and
 * unknown fields ignored, one space after the colon dropped).
 *
 * @param event the {@code event} field, null when absent
 * @param id    the {@code id} field, null when absent
 * @param data  the data, null when the frame has no {@code data} line
 */
public record SseFields(String event, String id, String data) {

    /** The event type an agent dispatches: {@code message} when the frame named none. */
    public String type() {
        return event == null || event.isEmpty() ? "message" : event;
    }

    public static SseFields parse(Buffer frame) {
        String text = frame.toString(StandardCharsets.UTF_8);
        String event = null;
        String id = null;
        StringBuilder data = null;
        int start = 0;
        while (start < text.length()) {
            int end = start;
            while (end < text.length() && text.charAt(end) != '\n' && text.charAt(end) != '\r') {
                end++;
            }
            String line = text.substring(start, end);
            start = end + (end + 1 < text.length() && text.charAt(end) == '\r' && text.charAt(end + 1) == '\n' ? 2 : 1);
            if (line.isEmpty() || line.charAt(0) == ':') {
                continue;
            }
            int colon = line.indexOf(':');
            String field = colon < 0 ? line : line.substring(0, colon);
            String value = colon < 0 ? "" : line.substring(colon + 1);
            if (value.startsWith(" ")) {
                value = value.substring(1);
            }
            switch (field) {
                case "data" -> data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
                case "event" -> event = value;
                case "id" -> id = value;
                default -> {
                }
            }
        }
        return new SseFields(event, id, data == null ? null : data.toString());
    }
}
