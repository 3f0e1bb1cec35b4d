package dev.portcullis.controlplane.analytics;

import org.postgresql.util.PGBinaryObject;
import org.postgresql.util.PGobject;

import java.io.Serial;
import java.nio.charset.StandardCharsets;

/**
 * A one-dimensional {@code text[]}, {@code int4[]} or {@code int8[]} statement parameter ({@code setObject}) that the
 * driver sends in PostgreSQL's binary array format, written straight into the one byte array the driver sends: no
 * boxed numbers and no growing buffer copied at the end, which is what {@code Connection.createArrayOf} costs per
 * element (docs/performance.md, "Analytics ingest"). An ASCII string, what records mostly hold, is checked once
 * and copied into the driver's array in one step; any other is encoded to UTF-8 once. When the driver sends parameters as text instead ({@code binaryTransfer=false}, simple query
 * mode) it sends {@link #getValue()}, the array literal. Elements may be null. Not thread-safe; the caller must not
 * change the values while the statement runs.
 */
final class ArrayParameter extends PGobject implements PGBinaryObject {

    @Serial
    private static final long serialVersionUID = 1L;
    private static final int TEXT = 25;
    private static final int INT4 = 23;
    private static final int INT8 = 20;
    /** Dimensions, null flag, element type, length, lower bound. */
    private static final int HEADER = 20;

    private final int elementOid;
    private final transient String[] strings;
    /** The byte length of each string: its length for ASCII, else of {@link #utf8}'s element; -1 for null. */
    private final transient int[] lengths;
    /** The UTF-8 of the strings that are not ASCII (other elements null); null when all are. */
    private final transient byte[][] utf8;
    private final transient long[] numbers;
    private final transient boolean[] nulls;
    private final int size;
    private final int lengthInBytes;

    private ArrayParameter(String type, int elementOid, String[] strings, long[] numbers, boolean[] nulls, int size) {
        this.type = type;
        this.elementOid = elementOid;
        this.strings = strings;
        this.numbers = numbers;
        this.nulls = nulls;
        this.size = size;
        int length = HEADER + 4 * size;
        byte[][] encoded = null;
        if (strings != null) {
            lengths = new int[size];
            for (int i = 0; i < size; i++) {
                String value = strings[i];
                if (value == null) {
                    lengths[i] = -1;
                } else if (isAscii(value)) {
                    lengths[i] = value.length();
                } else {
                    encoded = encoded != null ? encoded : new byte[size][];
                    encoded[i] = value.getBytes(StandardCharsets.UTF_8);
                    lengths[i] = encoded[i].length;
                }
                length += Math.max(0, lengths[i]);
            }
        } else {
            lengths = null;
            for (int i = 0; i < size; i++) {
                length += isNull(i) ? 0 : elementOid == INT4 ? 4 : 8;
            }
        }
        utf8 = encoded;
        lengthInBytes = length;
    }

    /** A {@code text[]} of {@code values} (null elements are NULL). */
    static ArrayParameter text(String[] values) {
        return new ArrayParameter("_text", TEXT, values, null, null, values.length);
    }

    /** An {@code int4[]} of {@code values}; {@code nulls}, when not null, marks the NULL elements. */
    static ArrayParameter int4(long[] values, boolean[] nulls) {
        return new ArrayParameter("_int4", INT4, null, values, nulls, values.length);
    }

    /** An {@code int8[]} of {@code values}; {@code nulls}, when not null, marks the NULL elements. */
    static ArrayParameter int8(long[] values, boolean[] nulls) {
        return new ArrayParameter("_int8", INT8, null, values, nulls, values.length);
    }

    private boolean isNull(int i) {
        return strings != null ? strings[i] == null : nulls != null && nulls[i];
    }

    private boolean hasNull() {
        for (int i = 0; i < size; i++) {
            if (isNull(i)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public int lengthInBytes() {
        return lengthInBytes;
    }

    @Override
    public void toBytes(byte[] bytes, int offset) {
        int at = putInt(bytes, offset, 1);
        at = putInt(bytes, at, hasNull() ? 1 : 0);
        at = putInt(bytes, at, elementOid);
        at = putInt(bytes, at, size);
        at = putInt(bytes, at, 1);
        for (int i = 0; i < size; i++) {
            if (isNull(i)) {
                at = putInt(bytes, at, -1);
            } else if (strings != null) {
                at = putString(bytes, at, i);
            } else if (elementOid == INT4) {
                at = putInt(bytes, at, 4);
                at = putInt(bytes, at, (int) numbers[i]);
            } else {
                at = putInt(bytes, at, 8);
                at = putInt(bytes, at, (int) (numbers[i] >>> 32));
                at = putInt(bytes, at, (int) numbers[i]);
            }
        }
    }

    /**
     * Writes string {@code i}: an ASCII one with {@link String#getBytes(int, int, byte[], int)}, deprecated because it
     * keeps only the low byte of each char, which for ASCII is the UTF-8 byte (one array copy for a Latin-1 string).
     */
    @SuppressWarnings("deprecation")
    private int putString(byte[] bytes, int at, int i) {
        int length = lengths[i];
        at = putInt(bytes, at, length);
        if (utf8 != null && utf8[i] != null) {
            System.arraycopy(utf8[i], 0, bytes, at, length);
        } else {
            strings[i].getBytes(0, length, bytes, at);
        }
        return at + length;
    }

    private static boolean isAscii(String value) {
        for (int i = 0; i < value.length(); i++) {
            if (value.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    private static int putInt(byte[] bytes, int at, int value) {
        bytes[at] = (byte) (value >>> 24);
        bytes[at + 1] = (byte) (value >>> 16);
        bytes[at + 2] = (byte) (value >>> 8);
        bytes[at + 3] = (byte) value;
        return at + 4;
    }

    @Override
    public void setByteValue(byte[] value, int offset) {
        throw new UnsupportedOperationException("a statement parameter only");
    }

    /** The array literal ({@code {"a",NULL}} or {@code {1,NULL}}), for a driver that sends parameters as text. */
    @Override
    public String getValue() {
        StringBuilder literal = new StringBuilder(2 + size * 8).append('{');
        for (int i = 0; i < size; i++) {
            if (i > 0) {
                literal.append(',');
            }
            if (isNull(i)) {
                literal.append("NULL");
            } else if (strings == null) {
                literal.append(numbers[i]);
            } else {
                literal.append('"');
                String value = strings[i];
                for (int c = 0; c < value.length(); c++) {
                    char ch = value.charAt(c);
                    if (ch == '"' || ch == '\\') {
                        literal.append('\\');
                    }
                    literal.append(ch);
                }
                literal.append('"');
            }
        }
        return literal.append('}').toString();
    }
}
