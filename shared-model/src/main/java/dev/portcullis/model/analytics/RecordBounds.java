package dev.portcullis.model.analytics;

/**
 * The longest value, in characters (Unicode code points), of each string of an {@link AnalyticsRecord} that a
 * client controls. A gateway refuses a request whose JSON-RPC method or primitive name is longer than its bound, and
 * records every string cut to its bound with {@link AnalyticsRecord#truncated()} set, so no request can make a
 * record that the analytics pipeline (the stream, the access log, PostgreSQL's indexed roll-ups) cannot carry.
 * Stateless.
 */
public final class RecordBounds {

    /** The JSON-RPC method. */
    public static final int METHOD = 256;
    /** A tool or prompt name, or a resource URI. */
    public static final int PRIMITIVE_NAME = 256;
    /** A key's alias. */
    public static final int ALIAS = 128;
    /** A key id or a token's subject. */
    public static final int KEY_ID = 256;
    /** The request path. */
    public static final int PATH = 2_048;
    /** The HTTP method. */
    public static final int HTTP_METHOD = 32;

    private RecordBounds() {
    }

    /** True when {@code value} (null counts as empty) has more than {@code limit} characters. */
    public static boolean exceeds(String value, int limit) {
        return value != null && value.length() > limit && value.codePointCount(0, value.length()) > limit;
    }

    /**
     * {@code value} cut to its first {@code limit} characters (never inside a surrogate pair), with every NUL
     * character, which PostgreSQL cannot store in text, replaced by U+FFFD; the same instance when there is
     * nothing to change; null for null.
     */
    public static String cut(String value, int limit) {
        if (value == null) {
            return null;
        }
        String bounded = exceeds(value, limit) ? value.substring(0, value.offsetByCodePoints(0, limit)) : value;
        return bounded.indexOf('\0') < 0 ? bounded : bounded.replace('\0', '\uFFFD');
    }
}
