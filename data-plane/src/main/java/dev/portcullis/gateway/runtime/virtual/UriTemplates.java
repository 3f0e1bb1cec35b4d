package dev.portcullis.gateway.runtime.virtual;

import java.util.BitSet;

/**
 * Whether a URI could have been made from an RFC 6570 URI template, enough to route a {@code resources/read}: the
 * literal parts must match and each expression stands for one or more characters, without a {@code /} unless its
 * operator allows one ({@code +}, {@code #}, {@code /}). No regular expression: templates come from upstreams. The
 * URI comes from the agent: each (expression, position) that failed once is remembered, so a near miss costs at
 * most expressions x length^2 steps instead of every way to split the URI.
 */
final class UriTemplates {

    /** Templates with more expressions than this match nothing (bounds the backtracking). */
    private static final int MAX_EXPRESSIONS = 8;

    private UriTemplates() {
    }

    static boolean matches(String template, String uri) {
        int expressions = 0;
        for (int i = 0; i < template.length(); i++) {
            if (template.charAt(i) == '{' && ++expressions > MAX_EXPRESSIONS) {
                return false;
            }
        }
        return match(template, 0, 0, uri, 0, new BitSet());
    }

    /**
     * @param expression how many expressions come before {@code t}
     * @param failed     the (expression, position) pairs already known not to match
     */
    private static boolean match(String template, int t, int expression, String uri, int u, BitSet failed) {
        int state = expression * (uri.length() + 1) + u;
        if (failed.get(state)) {
            return false;
        }
        if (!matchFrom(template, t, expression, uri, u, failed)) {
            failed.set(state);
            return false;
        }
        return true;
    }

    private static boolean matchFrom(String template, int t, int expression, String uri, int u, BitSet failed) {
        int open = template.indexOf('{', t);
        int literalEnd = open < 0 ? template.length() : open;
        int length = literalEnd - t;
        if (!uri.regionMatches(u, template, t, length)) {
            return false;
        }
        u += length;
        if (open < 0) {
            return u == uri.length();
        }
        int close = template.indexOf('}', open);
        if (close < 0 || close == open + 1) {
            return false;
        }
        char operator = template.charAt(open + 1);
        boolean slashes = operator == '+' || operator == '#' || operator == '/';
        for (int end = u + 1; end <= uri.length(); end++) {
            if (!slashes && uri.charAt(end - 1) == '/') {
                return false;
            }
            if (match(template, close + 1, expression + 1, uri, end, failed)) {
                return true;
            }
        }
        return false;
    }
}
