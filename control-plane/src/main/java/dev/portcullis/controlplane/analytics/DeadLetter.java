package dev.portcullis.controlplane.analytics;

import java.util.Objects;

/**
 * A stream entry the control plane could not store, as it is kept: the start of its payload and why, both bounded
 * and without NUL characters (PostgreSQL could not store them either).
 *
 * @param stream        the stream's key ({@code portcullis:analytics})
 * @param streamId      the entry's id in the stream
 * @param payload       the first {@value #MAX_PAYLOAD} characters of the entry's record JSON; empty when it has none
 * @param payloadLength the length of the whole record JSON, in characters (0 when none)
 * @param error         why it could not be stored, at most {@value #MAX_ERROR} characters
 */
record DeadLetter(String stream, String streamId, String payload, int payloadLength, String error) {

    static final int MAX_PAYLOAD = 4_096;
    static final int MAX_ERROR = 512;

    DeadLetter {
        Objects.requireNonNull(stream, "stream");
        Objects.requireNonNull(streamId, "streamId");
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(error, "error");
    }

    static DeadLetter of(String stream, StreamEntry entry, String error) {
        String json = entry.json() == null ? "" : entry.json();
        return new DeadLetter(stream, entry.streamId(), storable(json, MAX_PAYLOAD), json.length(),
                storable(error, MAX_ERROR));
    }

    private static String storable(String text, int limit) {
        String bounded = text.length() <= limit ? text
                : text.substring(0, Character.isHighSurrogate(text.charAt(limit - 1)) ? limit - 1 : limit);
        return bounded.replace('\0', '\uFFFD');
    }
}
