package dev.portcullis.controlplane.user;

import io.quarkus.elytron.security.common.BcryptUtil;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * bcrypt hashing of dashboard passwords (cost 12). {@link #matches} takes about as long for an unknown user as for a
 * wrong password, so the response time does not reveal which usernames exist.
 */
public final class Passwords {

    public static final int MIN_LENGTH = 12;
    private static final int COST = 12;
    private static final SecureRandom RANDOM = new SecureRandom();

    private Passwords() {
    }

    /** Computed on the first sign-in of an unknown user, not at start: bcrypt at cost 12 is slow on purpose. */
    private static final class UnknownUser {
        static final String HASH = hash("portcullis-unknown-user-" + RANDOM.nextLong());
    }

    public static String hash(String password) {
        return BcryptUtil.bcryptHash(password, COST);
    }

    /** True when {@code password} matches the hash; with a null hash, spends the same time and returns false. */
    public static boolean matches(String password, String hash) {
        if (password == null) {
            return false;
        }
        boolean known = hash != null;
        try {
            boolean verified = BcryptUtil.matches(password, known ? hash : UnknownUser.HASH);
            return known && verified;
        } catch (RuntimeException malformedHash) {
            return false;
        }
    }

    /** A random password for the first admin: 24 base64url characters (144 bits). */
    public static String generate() {
        byte[] bytes = new byte[18];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
