package dev.portcullis.gateway.support.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One generated agent request: its index in the campaign, the operators that made it, the extra headers (name,
 * value pairs, duplicates allowed) and the raw body bytes.
 */
public record FuzzCase(long index, String recipe, List<String[]> headers, byte[] body) {

    /** A printable form for a failure message: the recipe, the headers and the body (escaped, shortened). */
    public String describe() {
        StringBuilder out = new StringBuilder("#" + index + " [" + recipe + "]");
        for (String[] header : headers) {
            out.append("\n  ").append(header[0]).append(": ").append(header[1]);
        }
        out.append("\n  body (").append(body.length).append(" bytes): ");
        int shown = Math.min(body.length, 600);
        String text = new String(body, 0, shown, StandardCharsets.ISO_8859_1);
        for (char c : text.toCharArray()) {
            if (c >= 0x20 && c < 0x7f) {
                out.append(c);
            } else {
                out.append(String.format("\\x%02x", (int) c));
            }
        }
        if (shown < body.length) {
            out.append("...");
        }
        return out.toString();
    }
}
