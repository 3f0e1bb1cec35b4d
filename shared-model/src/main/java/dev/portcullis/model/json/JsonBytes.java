package dev.portcullis.model.json;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;

/**
 * A JSON object written straight into a growable byte array in UTF-8, field by field: what the gateway writes
 * twice per request (the analytics record and the access-log line) without a generator, its buffers, its context
 * checks and its character-by-character dispatch. Strings come out exactly as Jackson writes them to text with
 * the default settings, then encoded in UTF-8: {@code "} and {@code \} escaped with a backslash, the control
 * characters below {@code U+0020} as {@code \b \t \n \f \r} or a backslash, {@code u00} and two upper-case hex
 * digits, everything else as it is (a surrogate pair as its four-byte form, and a lone surrogate, which UTF-8
 * cannot carry, as {@code ?}, as {@link String#getBytes} does). {@code JsonBytesTest} holds it to that, character
 * by character.
 *
 * <p>Field names are given already written ({@link #name}), so a constant name costs one array copy. Not
 * thread-safe: one per thread, {@link #reset} between objects.
 */
public final class JsonBytes {

    private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);
    /** Per ASCII character: 0 written as it is, else the character after the backslash ('u': u00 and hex digits). */
    private static final byte[] ESCAPES = new byte[128];
    private static final byte[] TRUE = {'t', 'r', 'u', 'e'};
    private static final byte[] FALSE = {'f', 'a', 'l', 's', 'e'};

    static {
        for (int c = 0; c < 0x20; c++) {
            ESCAPES[c] = 'u';
        }
        ESCAPES['"'] = '"';
        ESCAPES['\\'] = '\\';
        ESCAPES['\b'] = 'b';
        ESCAPES['\t'] = 't';
        ESCAPES['\f'] = 'f';
        ESCAPES['\n'] = 'n';
        ESCAPES['\r'] = 'r';
    }

    private byte[] buffer;
    private int length;
    private boolean first = true;

    public JsonBytes(int capacity) {
        this.buffer = new byte[Math.max(16, capacity)];
    }

    /**
     * A field name as {@link #field} takes it: {@code "name":} in UTF-8, escaped like a string value. Make it once,
     * into a constant.
     */
    public static byte[] name(String name) {
        JsonBytes out = new JsonBytes(name.length() + 8);
        out.string(name);
        out.ensure(1);
        out.buffer[out.length++] = ':';
        return out.toByteArray();
    }

    /** Empties the buffer for the next object (its capacity stays). */
    public JsonBytes reset() {
        length = 0;
        first = true;
        return this;
    }

    /** Opens an object. */
    public JsonBytes startObject() {
        ensure(1);
        buffer[length++] = '{';
        first = true;
        return this;
    }

    /** Closes the object. */
    public JsonBytes endObject() {
        ensure(1);
        buffer[length++] = '}';
        first = false;
        return this;
    }

    /** Starts a member: a comma unless it is the object's first, then {@code name} (made by {@link #name}). */
    public JsonBytes field(byte[] name) {
        ensure(name.length + 1);
        if (!first) {
            buffer[length++] = ',';
        }
        first = false;
        System.arraycopy(name, 0, buffer, length, name.length);
        length += name.length;
        return this;
    }

    /** A string member; nothing at all when {@code value} is null (nulls are omitted). */
    public JsonBytes stringField(byte[] name, String value) {
        if (value != null) {
            field(name).string(value);
        }
        return this;
    }

    /** A number member. */
    public JsonBytes numberField(byte[] name, long value) {
        return field(name).number(value);
    }

    /** A boolean member. */
    public JsonBytes booleanField(byte[] name, boolean value) {
        return field(name).bool(value);
    }

    /** A string member holding {@code instant} as {@link Instant#toString()} writes it. */
    public JsonBytes instantField(byte[] name, Instant instant) {
        field(name);
        ensure(IsoInstant.MAX_LENGTH + 2);
        int at = length + 1;
        int written = IsoInstant.write(instant, buffer, at);
        if (written < 0) {
            return string(instant.toString());
        }
        buffer[length] = '"';
        buffer[at + written] = '"';
        length = at + written + 1;
        return this;
    }

    /**
     * A number member holding {@code thousandths / 1000} with exactly three decimals, as Jackson writes
     * {@code BigDecimal.valueOf(thousandths, 3)} ({@code 1.500}, {@code 0.007}).
     */
    public JsonBytes thousandthsField(byte[] name, long thousandths) {
        field(name);
        if (thousandths < 0) {
            return ascii(java.math.BigDecimal.valueOf(thousandths, 3).toString());
        }
        number(thousandths / 1_000);
        ensure(4);
        int fraction = (int) (thousandths % 1_000);
        buffer[length] = '.';
        buffer[length + 1] = (byte) ('0' + fraction / 100);
        buffer[length + 2] = (byte) ('0' + fraction / 10 % 10);
        buffer[length + 3] = (byte) ('0' + fraction % 10);
        length += 4;
        return this;
    }

    /** A quoted, escaped string value. */
    public JsonBytes string(String value) {
        int size = value.length();
        // Every character takes at most 6 bytes (an escape), quotes aside.
        ensure(size * 6 + 2);
        byte[] out = buffer;
        int at = length;
        out[at++] = '"';
        for (int i = 0; i < size; i++) {
            char c = value.charAt(i);
            if (c < 0x80) {
                byte escape = ESCAPES[c];
                if (escape == 0) {
                    out[at++] = (byte) c;
                } else if (escape != 'u') {
                    out[at++] = '\\';
                    out[at++] = escape;
                } else {
                    out[at++] = '\\';
                    out[at++] = 'u';
                    out[at++] = '0';
                    out[at++] = '0';
                    out[at++] = HEX[c >> 4];
                    out[at++] = HEX[c & 0xF];
                }
            } else if (c < 0x800) {
                out[at++] = (byte) (0xC0 | c >> 6);
                out[at++] = (byte) (0x80 | c & 0x3F);
            } else if (!Character.isSurrogate(c)) {
                out[at++] = (byte) (0xE0 | c >> 12);
                out[at++] = (byte) (0x80 | c >> 6 & 0x3F);
                out[at++] = (byte) (0x80 | c & 0x3F);
            } else if (Character.isHighSurrogate(c) && i + 1 < size && Character.isLowSurrogate(value.charAt(i + 1))) {
                int code = Character.toCodePoint(c, value.charAt(++i));
                out[at++] = (byte) (0xF0 | code >> 18);
                out[at++] = (byte) (0x80 | code >> 12 & 0x3F);
                out[at++] = (byte) (0x80 | code >> 6 & 0x3F);
                out[at++] = (byte) (0x80 | code & 0x3F);
            } else {
                out[at++] = '?';
            }
        }
        out[at++] = '"';
        length = at;
        return this;
    }

    /** A number value. */
    public JsonBytes number(long value) {
        if (value < 0) {
            return ascii(Long.toString(value));
        }
        ensure(20);
        int digits = 1;
        for (long rest = value / 10; rest > 0; rest /= 10) {
            digits++;
        }
        int at = length + digits;
        long rest = value;
        do {
            buffer[--at] = (byte) ('0' + rest % 10);
            rest /= 10;
        } while (rest > 0);
        length += digits;
        return this;
    }

    /** A boolean value. */
    public JsonBytes bool(boolean value) {
        byte[] literal = value ? TRUE : FALSE;
        ensure(literal.length);
        System.arraycopy(literal, 0, buffer, length, literal.length);
        length += literal.length;
        return this;
    }

    /** A raw byte (a separator such as a newline). */
    public JsonBytes raw(char ascii) {
        ensure(1);
        buffer[length++] = (byte) ascii;
        return this;
    }

    public int size() {
        return length;
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(buffer, length);
    }

    /** Appends what was written to {@code out}. */
    public void writeTo(ByteArrayOutputStream out) {
        out.write(buffer, 0, length);
    }

    /** Appends what was written to {@code out}. */
    public void writeTo(JsonBytes out) {
        out.ensure(length);
        System.arraycopy(buffer, 0, out.buffer, out.length, length);
        out.length += length;
    }

    /** The buffer itself, valid up to {@link #size}; for handing the bytes on without a copy. */
    public byte[] array() {
        return buffer;
    }

    @Override
    public String toString() {
        return new String(buffer, 0, length, StandardCharsets.UTF_8);
    }

    private JsonBytes ascii(String text) {
        int size = text.length();
        ensure(size);
        for (int i = 0; i < size; i++) {
            buffer[length + i] = (byte) text.charAt(i);
        }
        length += size;
        return this;
    }

    private void ensure(int more) {
        if (length + more > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, length + more));
        }
    }
}
