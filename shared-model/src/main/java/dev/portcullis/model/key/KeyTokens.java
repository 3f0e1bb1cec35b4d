package dev.portcullis.model.key;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Consumer key tokens: {@code pcs_} followed by base64url (no padding) of 32 random bytes, 256 bits of entropy.
 * Only {@link #hash} is ever stored. A plain SHA-256 is right here: the token is random, not a password, so
 * there is nothing to brute-force and the gateway can look keys up by hash in O(1).
 */
public final class KeyTokens {

    public static final String PREFIX = "pcs_";
    private static final SecureRandom RANDOM = new SecureRandom();

    private KeyTokens() {
    }

    public static String generate() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Lowercase hex SHA-256 of the UTF-8 token: 64 characters. */
    public static String hash(String token) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }

    /** A cheap shape check before hashing: the prefix and 43 base64url characters. */
    public static boolean looksLikeKey(String token) {
        if (token == null || token.length() != PREFIX.length() + 43 || !token.startsWith(PREFIX)) {
            return false;
        }
        for (int i = PREFIX.length(); i < token.length(); i++) {
            char c = token.charAt(i);
            boolean base64url = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '_';
            if (!base64url) {
                return false;
            }
        }
        return true;
    }
}
