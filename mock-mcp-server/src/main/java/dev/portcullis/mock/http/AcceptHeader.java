package dev.portcullis.mock.http;

import java.util.Locale;

/**
 * What a client's {@code Accept} header allows among the two MCP response types. A missing header means plain
 * JSON only: a streamed answer is given only to clients that said they can read one.
 */
record AcceptHeader(boolean json, boolean eventStream) {

    static AcceptHeader parse(String header) {
        if (header == null || header.isBlank()) {
            return new AcceptHeader(true, false);
        }
        boolean json = false;
        boolean stream = false;
        for (String part : header.split(",")) {
            String type = part.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
            switch (type) {
                case "application/json", "application/*" -> json = true;
                case "text/event-stream", "text/*" -> stream = true;
                case "*/*" -> {
                    json = true;
                    stream = true;
                }
                default -> {
                }
            }
        }
        return new AcceptHeader(json, stream);
    }

    boolean acceptsAny() {
        return json || eventStream;
    }
}
