package dev.portcullis.gateway.observe;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Analytics record ids: version 7 UUIDs (RFC 9562), the Unix time in milliseconds in the first 48 bits and 74 random
 * bits after it. Their text sorts by time, so the ids a control plane stores next go at the end of the records'
 * primary-key index (PostgreSQL appends there without searching the tree) rather than at a random page of it, which
 * a large table would have to read from disk and write again in full to its write-ahead log after each checkpoint.
 * 74 random bits a millisecond keep the ids of any realistic number of gateways apart. Drawn from
 * {@link ThreadLocalRandom}, without {@link UUID#randomUUID()}'s SecureRandom lock: ids need uniqueness, not secrecy.
 */
final class RecordIds {

    private static final long MILLIS_BITS = 0xffff_ffff_ffffL;

    private RecordIds() {
    }

    /** A new id for a record made at {@code epochMillis}. */
    static String next(long epochMillis) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = (epochMillis & MILLIS_BITS) << 16 | 0x7000L | random.nextInt(1 << 12);
        long low = random.nextLong() & 0x3fff_ffff_ffff_ffffL | 0x8000_0000_0000_0000L;
        return new UUID(high, low).toString();
    }
}
