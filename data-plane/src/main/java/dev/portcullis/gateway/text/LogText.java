package dev.portcullis.gateway.text;

/** Client-controlled text made safe for one log line. */
public final class LogText {

    private LogText() {
    }

    /** {@code text} cut to {@code limit} characters ("..." marks a cut), control and space characters as '?'. */
    public static String printable(String text, int limit) {
        String cut = text.length() <= limit ? text : text.substring(0, limit) + "...";
        StringBuilder out = new StringBuilder(cut.length());
        for (int i = 0; i < cut.length(); i++) {
            char c = cut.charAt(i);
            out.append(Character.isISOControl(c) || Character.isWhitespace(c) ? '?' : c);
        }
        return out.toString();
    }
}
