package dev.portcullis.gateway.filter.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The same hash as {@code KeyTokens.hash} (lowercase hex SHA-256 of the UTF-8 token) with one reusable digest per
 * thread: the request path hashes every presented key, and {@code MessageDigest.getInstance} is a provider lookup.
 */
final class KeyHasher {

    private static final char[] HEX = "0123456789abcdef".toCharArray();
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by the Java platform", e);
        }
    });

    private KeyHasher() {
    }

    static String hash(String token) {
        MessageDigest digest = SHA256.get();
        digest.reset();
        byte[] bytes = digest.digest(token.getBytes(StandardCharsets.UTF_8));
        char[] out = new char[bytes.length * 2];
        for (int i = 0; i < bytes.length; i++) {
            out[2 * i] = HEX[(bytes[i] >> 4) & 0xf];
            out[2 * i + 1] = HEX[bytes[i] & 0xf];
        }
        return new String(out);
    }
}
