package dev.portcullis.controlplane.analytics;

/** A stream entry id, {@code <ms>-<seq>}, ordered as Redis orders them. */
record StreamId(long millis, long sequence) implements Comparable<StreamId> {

    /** The id {@code text} spells; null when it is not one. */
    static StreamId parse(String text) {
        int dash = text == null ? -1 : text.indexOf('-');
        if (dash <= 0 || dash == text.length() - 1) {
            return null;
        }
        try {
            return new StreamId(Long.parseUnsignedLong(text.substring(0, dash)),
                    Long.parseUnsignedLong(text.substring(dash + 1)));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** The lower of two ids; null when either is null (an id that could not be read bounds nothing safely). */
    static StreamId min(StreamId a, StreamId b) {
        if (a == null || b == null) {
            return null;
        }
        return a.compareTo(b) <= 0 ? a : b;
    }

    boolean isZero() {
        return millis == 0 && sequence == 0;
    }

    @Override
    public int compareTo(StreamId other) {
        int byMillis = Long.compareUnsigned(millis, other.millis);
        return byMillis != 0 ? byMillis : Long.compareUnsigned(sequence, other.sequence);
    }

    @Override
    public String toString() {
        return Long.toUnsignedString(millis) + "-" + Long.toUnsignedString(sequence);
    }
}
