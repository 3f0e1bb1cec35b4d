package dev.portcullis.gateway.request;

import dev.portcullis.model.json.Utf8;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * Decodes a mirrored header value ({@code Mcp-Name}, {@code Mcp-Param-*}) as MCP 2026-07-28 encodes it: plain
 * visible ASCII, space and tab as is, anything else as {@code =?base64?<UTF-8 bytes in Base64>?=}. A plain value
 * with other characters, bad Base64 or bytes that are not UTF-8 is malformed (empty). {@link #encode} is the
 * inverse. Pure.
 */
final class HeaderValue {

    private static final String PREFIX = "=?base64?";
    private static final String SUFFIX = "?=";

    private HeaderValue() {
    }

    /** The value as a header carries it: as is when plain, else in the {@code =?base64?...?=} form. */
    static String encode(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if ((c < 0x20 && c != '\t') || c > 0x7E) {
                return PREFIX + Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8)) + SUFFIX;
            }
        }
        return value;
    }

    static Optional<String> decode(String value) {
        if (value.startsWith(PREFIX) && value.endsWith(SUFFIX) && value.length() >= PREFIX.length() + SUFFIX.length()) {
            byte[] bytes;
            try {
                bytes = Base64.getDecoder().decode(value.substring(PREFIX.length(), value.length() - SUFFIX.length()));
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
            return Utf8.isValid(bytes) ? Optional.of(new String(bytes, StandardCharsets.UTF_8)) : Optional.empty();
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if ((c < 0x20 && c != '\t') || c > 0x7E) {
                return Optional.empty();
            }
        }
        return Optional.of(value);
    }
}
