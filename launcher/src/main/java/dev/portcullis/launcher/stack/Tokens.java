package dev.portcullis.launcher.stack;

import java.security.SecureRandom;
import java.util.Base64;

/** Fresh bootstrap credentials: 32 random bytes from {@link SecureRandom}, base64url without padding. */
public final class Tokens {

    private static final SecureRandom RANDOM = new SecureRandom();

    private Tokens() {
    }

    /** {@code pca_} + base64url(32 random bytes): the admin token format of ADR 0001. */
    public static String adminToken() {
        return "pca_" + random();
    }

    /** {@code pcg_} + base64url(32 random bytes); the prefix only helps a human tell the tokens apart. */
    public static String gatewayToken() {
        return "pcg_" + random();
    }

    /** A dashboard password for the first admin user: base64url of 18 random bytes (24 characters). */
    public static String adminPassword() {
        byte[] bytes = new byte[18];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String random() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
