package dev.portcullis.gateway.filter.pinning;

/**
 * Whether a URI could have been made from an RFC 6570 URI template: its literal parts (between {@code {...}}
 * expressions) appear in order, the first at the start and the last at the end, each expression standing for any
 * text. A conservative over-approximation (operators are not interpreted), which is what a refusal needs: a URI
 * that a held template could have produced is held with it. No regular expression, no allocation per match beyond
 * the index walk.
 */
final class UriTemplateMatch {

    private UriTemplateMatch() {
    }

    static boolean matches(String template, String uri) {
        int position = 0;
        int index = 0;
        boolean anchored = true;
        while (index <= template.length()) {
            int open = template.indexOf('{', index);
            int end = open < 0 ? template.length() : open;
            String literal = template.substring(index, end);
            if (anchored) {
                if (!uri.startsWith(literal)) {
                    return false;
                }
                position = literal.length();
            } else if (open < 0) {
                return uri.length() - literal.length() >= position && uri.endsWith(literal);
            } else {
                int found = uri.indexOf(literal, position);
                if (found < 0) {
                    return false;
                }
                position = found + literal.length();
            }
            if (open < 0) {
                return position == uri.length();
            }
            int close = template.indexOf('}', open);
            if (close < 0) {
                return false;
            }
            anchored = false;
            index = close + 1;
        }
        return true;
    }
}
