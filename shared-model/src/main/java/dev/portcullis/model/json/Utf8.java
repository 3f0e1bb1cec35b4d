package dev.portcullis.model.json;

/**
 * Strict UTF-8 validation (RFC 3629): one pass over the bytes, no copy, no allocation. Jackson decodes some
 * malformed sequences instead of refusing them (the overlong {@code C1 9F} becomes {@code _}), so a name checked
 * by one reader could mean another to the next. Anything but well-formed UTF-8 is refused before parsing: overlong
 * forms, surrogates ({@code U+D800..U+DFFF}), code points above {@code U+10FFFF}, stray or missing continuation
 * bytes, and a sequence cut by the end of the input. Thread-safe.
 */
public final class Utf8 {

    private Utf8() {
    }

    public static boolean isValid(byte[] bytes) {
        return isValid(bytes, 0, bytes.length);
    }

    /** True when {@code bytes[from, to)} is well-formed UTF-8. */
    public static boolean isValid(byte[] bytes, int from, int to) {
        int i = from;
        while (i < to) {
            int b = bytes[i];
            if (b >= 0) {
                i++;
                continue;
            }
            b &= 0xFF;
            if (b < 0xC2) {
                return false; // a continuation byte without a lead, or the overlong leads C0 and C1
            }
            if (b < 0xE0) {
                if (i + 1 >= to || !continuation(bytes[i + 1])) {
                    return false;
                }
                i += 2;
            } else if (b < 0xF0) {
                if (i + 2 >= to || !continuation(bytes[i + 1]) || !continuation(bytes[i + 2])) {
                    return false;
                }
                int second = bytes[i + 1] & 0xFF;
                if ((b == 0xE0 && second < 0xA0) || (b == 0xED && second >= 0xA0)) {
                    return false; // overlong three-byte form, or a UTF-16 surrogate
                }
                i += 3;
            } else if (b < 0xF5) {
                if (i + 3 >= to || !continuation(bytes[i + 1]) || !continuation(bytes[i + 2])
                        || !continuation(bytes[i + 3])) {
                    return false;
                }
                int second = bytes[i + 1] & 0xFF;
                if ((b == 0xF0 && second < 0x90) || (b == 0xF4 && second >= 0x90)) {
                    return false; // overlong four-byte form, or beyond U+10FFFF
                }
                i += 4;
            } else {
                return false;
            }
        }
        return true;
    }

    private static boolean continuation(byte b) {
        return (b & 0xC0) == 0x80;
    }
}
