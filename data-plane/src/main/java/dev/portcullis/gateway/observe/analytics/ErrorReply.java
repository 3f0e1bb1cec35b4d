package dev.portcullis.gateway.observe.analytics;

import io.vertx.redis.client.Response;
import io.vertx.redis.client.ResponseType;

import java.util.Set;

/**
 * A Redis error reply ({@code -WRONGTYPE ...}, {@code -OOM ...}) to an {@code XADD}, as opposed to an I/O failure:
 * the server answered, so the connection is healthy and stays open. Immutable.
 *
 * @param kind      the reply's first word ({@code WRONGTYPE}, {@code NOPERM}, {@code ERR}...), never null
 * @param message   the reply's text, at most {@value #MAX_MESSAGE} characters, never null
 * @param retryable true for the kinds that pass on their own ({@link #RETRYABLE}): the record is tried again a few
 *                  times; false for the rest, which no retry fixes: the record is dropped
 */
record ErrorReply(String kind, String message, boolean retryable) {

    /** Error kinds a server reports while loading, busy, failing over or short of memory. */
    static final Set<String> RETRYABLE = Set.of("LOADING", "BUSY", "TRYAGAIN", "MASTERDOWN", "CLUSTERDOWN", "OOM");

    /**
     * What the Vert.x Redis client fails the commands in flight with when their connection closes: an error of the
     * same type as a server's reply, but an I/O failure (a failed batch lists it per command, {@code ERR [0] ...}).
     */
    private static final String CONNECTION_CLOSED = "CONNECTION_CLOSED";
    private static final int MAX_MESSAGE = 200;
    private static final int MAX_KIND = 32;

    /**
     * The error reply {@code failure} carries, or null when it is anything else (an I/O failure, including the
     * client's own {@code CONNECTION_CLOSED}, or a timeout).
     */
    static ErrorReply of(Throwable failure) {
        if (!(failure instanceof Response reply) || reply.type() != ResponseType.ERROR) {
            return null;
        }
        String text = failure.getMessage() == null ? "" : failure.getMessage().strip();
        if (text.contains(CONNECTION_CLOSED)) {
            return null;
        }
        int space = text.indexOf(' ');
        String first = space < 0 ? text : text.substring(0, space);
        String kind = isKind(first) ? first : "ERR";
        String message = text.length() > MAX_MESSAGE ? text.substring(0, MAX_MESSAGE) : text;
        return new ErrorReply(kind, message, RETRYABLE.contains(kind));
    }

    private static boolean isKind(String word) {
        if (word.isEmpty() || word.length() > MAX_KIND) {
            return false;
        }
        for (int i = 0; i < word.length(); i++) {
            char c = word.charAt(i);
            if (!(c >= 'A' && c <= 'Z') && c != '_') {
                return false;
            }
        }
        return true;
    }
}
