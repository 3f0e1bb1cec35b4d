package dev.portcullis.gateway.observe.tracing;

/**
 * A W3C Trace Context {@code traceparent} value ({@code version-traceid-parentid-flags}), parsed by position: the
 * format is fixed, so no regular expression is needed.
 *
 * @param traceId  32 lowercase hex digits, not all zero
 * @param parentId 16 lowercase hex digits, not all zero
 * @param sampled  the {@code sampled} bit of the trace flags
 */
public record TraceParent(String traceId, String parentId, boolean sampled) {

    private static final int VERSION_00_LENGTH = 55;

    /**
     * Parses {@code value} as the W3C recommendation says a receiver must: version {@code ff} and values with
     * uppercase or non-hex digits, a zero trace id or a zero parent id are invalid; a version above {@code 00} may
     * carry more fields after a {@code -}.
     *
     * @return the parsed value, or null when {@code value} is null or invalid
     */
    public static TraceParent parse(String value) {
        if (value == null) {
            return null;
        }
        String header = value.strip();
        if (header.length() < VERSION_00_LENGTH || !isHex(header, 0, 2) || header.startsWith("ff")
                || header.charAt(2) != '-' || !isHex(header, 3, 35) || header.charAt(35) != '-'
                || !isHex(header, 36, 52) || header.charAt(52) != '-' || !isHex(header, 53, 55)) {
            return null;
        }
        boolean version00 = header.startsWith("00");
        if (version00 ? header.length() != VERSION_00_LENGTH
                : header.length() > VERSION_00_LENGTH && header.charAt(VERSION_00_LENGTH) != '-') {
            return null;
        }
        if (isZero(header, 3, 35) || isZero(header, 36, 52)) {
            return null;
        }
        int flags = Character.digit(header.charAt(54), 16);
        return new TraceParent(header.substring(3, 35), header.substring(36, 52), (flags & 1) == 1);
    }

    private static boolean isHex(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                return false;
            }
        }
        return true;
    }

    private static boolean isZero(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            if (s.charAt(i) != '0') {
                return false;
            }
        }
        return true;
    }
}
