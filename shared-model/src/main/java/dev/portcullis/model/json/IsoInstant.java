package dev.portcullis.model.json;

import java.time.Instant;

/**
 * Writes an {@link Instant} as {@link Instant#toString()} does, character for character, without the
 * {@code LocalDateTime} and {@code StringBuilder} that method builds for every call: the {@code time} of the
 * gateway's analytics record and access-log line, once per request each. Instants of years 1970 to 9999 with a
 * whole number of milliseconds (every record time) are written here; the caller writes any other with
 * {@link Instant#toString()} ({@link JsonBytes#instantField}).
 */
public final class IsoInstant {

    /** {@code 9999-12-31T23:59:59Z}, the last second written here. */
    private static final long LAST_SECOND = 253_402_300_799L;
    /** The longest result written here: {@code 2026-12-06T13:20:40.123Z}. */
    public static final int MAX_LENGTH = 24;

    private IsoInstant() {
    }

    /**
     * Writes {@code instant} in ASCII into {@code out} from index {@code at} (at most {@link #MAX_LENGTH} bytes).
     *
     * @return the number of bytes written, or -1 when the instant is outside what is written here
     */
    public static int write(Instant instant, byte[] out, int at) {
        long seconds = instant.getEpochSecond();
        int nanos = instant.getNano();
        if (seconds < 0 || seconds > LAST_SECOND || nanos % 1_000_000 != 0) {
            return -1;
        }
        long days = seconds / 86_400;
        int secondOfDay = (int) (seconds % 86_400);
        // Civil date from days since 1970-01-01 (H. Hinnant's days_from_civil, inverted), for non-negative days.
        long shifted = days + 719_468;
        long era = shifted / 146_097;
        long dayOfEra = shifted - era * 146_097;
        long yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365;
        long dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
        long monthIndex = (5 * dayOfYear + 2) / 153;
        int day = (int) (dayOfYear - (153 * monthIndex + 2) / 5 + 1);
        int month = (int) (monthIndex < 10 ? monthIndex + 3 : monthIndex - 9);
        int year = (int) (yearOfEra + era * 400 + (month <= 2 ? 1 : 0));
        four(out, at, year);
        out[at + 4] = '-';
        two(out, at + 5, month);
        out[at + 7] = '-';
        two(out, at + 8, day);
        out[at + 10] = 'T';
        two(out, at + 11, secondOfDay / 3_600);
        out[at + 13] = ':';
        two(out, at + 14, secondOfDay / 60 % 60);
        out[at + 16] = ':';
        two(out, at + 17, secondOfDay % 60);
        int length = 19;
        if (nanos != 0) {
            int millis = nanos / 1_000_000;
            out[at + 19] = '.';
            out[at + 20] = (byte) ('0' + millis / 100);
            out[at + 21] = (byte) ('0' + millis / 10 % 10);
            out[at + 22] = (byte) ('0' + millis % 10);
            length = 23;
        }
        out[at + length] = 'Z';
        return length + 1;
    }

    private static void two(byte[] out, int at, int value) {
        out[at] = (byte) ('0' + value / 10);
        out[at + 1] = (byte) ('0' + value % 10);
    }

    private static void four(byte[] out, int at, int value) {
        two(out, at, value / 100);
        two(out, at + 2, value % 100);
    }
}
