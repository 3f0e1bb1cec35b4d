package dev.portcullis.gateway.filter;

import io.vertx.core.MultiMap;
import java.util.Locale;

/**
 * The upstream's response head as it will be sent to the agent. Filters may edit {@link #headers()} in
 * {@link McpFilter#onResponse}. The body is relayed afterwards: piped untouched unless a filter asks to read its
 * messages ({@link #readMessages}), which then reach every filter's {@link McpFilter#onMessage}, or asks for the
 * answer to be rewritten ({@link #rewriteBody}).
 */
public final class McpResponse {

    /** How closely the body's messages are read. */
    public enum Reading {
        /** Not at all: the body is piped. */
        NONE,
        /** Each message the gateway can read (a compressed body or an oversized message passes unread). */
        OBSERVE,
        /**
         * Every message, failing closed: a body or message the gateway cannot read never reaches the agent (the
         * request's answer becomes a -32603 error, a stream ends).
         */
        GOVERN
    }

    /** How the body carries its messages. */
    public enum Framing {
        /** A {@code text/event-stream}: one message per event. */
        EVENTS,
        /**
         * A streamed body of unknown length that is not one JSON message (JSON lines, or a
         * {@code subscriptions/listen} answer whatever its type says): one message per line.
         */
        LINES,
        /** One message, the whole body (JSON, or anything with a declared length). */
        WHOLE
    }

    private final int status;
    private final MultiMap headers;
    private final Framing framing;
    private ResponseRewrite rewrite;
    private Reading reading = Reading.NONE;

    /**
     * @param framesLines true when the answer is a stream of frames whatever its type says (a
     *                    {@code subscriptions/listen} answer: servers send JSON lines as {@code application/json})
     */
    public McpResponse(int status, MultiMap headers, boolean framesLines) {
        this.status = status;
        this.headers = headers;
        this.framing = isEventStream() ? Framing.EVENTS
                : !headers.contains("Content-Length") && (framesLines || !isJson(headers.get("Content-Type")))
                ? Framing.LINES : Framing.WHOLE;
    }

    public McpResponse(int status, MultiMap headers) {
        this(status, headers, false);
    }

    public Framing framing() {
        return framing;
    }

    public int status() {
        return status;
    }

    public MultiMap headers() {
        return headers;
    }

    /** True for a Server-Sent Events stream (the body is then relayed event by event). */
    public boolean isEventStream() {
        String type = headers.get("Content-Type");
        return type != null && type.regionMatches(true, 0, "text/event-stream", 0, 17);
    }

    /** A plain JSON body ({@code application/json}, {@code +json}, or no type said): one message, the answer. */
    private static boolean isJson(String contentType) {
        if (contentType == null || contentType.isBlank()) {
            return true;
        }
        int end = contentType.indexOf(';');
        String type = (end < 0 ? contentType : contentType.substring(0, end)).strip().toLowerCase(Locale.ROOT);
        return type.equals("application/json") || type.endsWith("+json");
    }

    /** Asks for the body's messages to be read, at least as closely as {@code needed}. */
    public void readMessages(Reading needed) {
        if (needed.compareTo(reading) > 0) {
            reading = needed;
        }
    }

    public Reading reading() {
        return reading;
    }

    /**
     * Rewrite the JSON-RPC answer instead of relaying it untouched; the last filter to ask wins. The body is then
     * governed: every message is read.
     */
    public void rewriteBody(ResponseRewrite bodyRewrite) {
        this.rewrite = bodyRewrite;
        readMessages(Reading.GOVERN);
    }

    /** The requested rewrite, or null to relay the answer untouched. */
    public ResponseRewrite bodyRewrite() {
        return rewrite;
    }
}
