package dev.portcullis.controlplane.auth;

import java.security.SecureRandom;
import java.util.Base64;

/** Control-plane credentials: a type prefix plus base64url of 32 random bytes, like keys ({@code pcs_}). */
final class RandomTokens {

    static final String ADMIN_PREFIX = "pca_";
    static final String GATEWAY_PREFIX = "pcg_";

    private static final SecureRandom RANDOM = new SecureRandom();

    private RandomTokens() {
    }

    static String generate(String prefix) {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return prefix + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
