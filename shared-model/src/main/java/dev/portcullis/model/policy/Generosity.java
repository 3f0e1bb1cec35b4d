package dev.portcullis.model.policy;

import dev.portcullis.model.proxy.RateLimit;

import java.math.BigInteger;

/**
 * Which of two limits allows more, for merging the policies of one key. A rate limit is more generous when it
 * allows more requests per second ({@code rate / per}); on a tie the larger {@code rate} wins, since it allows the
 * bigger burst. A quota is more generous when it allows more requests per renewal second
 * ({@code max / renewalSeconds}); on a tie the larger {@code max} wins.
 */
final class Generosity {

    private Generosity() {
    }

    /** The more generous limit where null means "no limit", which wins over any limit. */
    static RateLimit unlimitedWins(RateLimit a, RateLimit b) {
        return a == null || b == null ? null : larger(a, b);
    }

    static Quota unlimitedWins(Quota a, Quota b) {
        return a == null || b == null ? null : larger(a, b);
    }

    /** The more generous limit where null means "not set here", which loses to any limit. */
    static RateLimit setWins(RateLimit a, RateLimit b) {
        return a == null ? b : b == null ? a : larger(a, b);
    }

    static Quota setWins(Quota a, Quota b) {
        return a == null ? b : b == null ? a : larger(a, b);
    }

    static RateLimit larger(RateLimit a, RateLimit b) {
        int byRatio = compareRatios(a.rate(), a.per(), b.rate(), b.per());
        if (byRatio != 0) {
            return byRatio > 0 ? a : b;
        }
        return a.rate() >= b.rate() ? a : b;
    }

    static Quota larger(Quota a, Quota b) {
        int byRatio = compareRatios(a.max(), a.renewalSeconds(), b.max(), b.renewalSeconds());
        if (byRatio != 0) {
            return byRatio > 0 ? a : b;
        }
        return a.max() >= b.max() ? a : b;
    }

    /** Compares {@code n1/d1} with {@code n2/d2} exactly (cross-multiplied without overflow). */
    private static int compareRatios(long n1, long d1, long n2, long d2) {
        return BigInteger.valueOf(n1).multiply(BigInteger.valueOf(d2))
                .compareTo(BigInteger.valueOf(n2).multiply(BigInteger.valueOf(d1)));
    }
}
