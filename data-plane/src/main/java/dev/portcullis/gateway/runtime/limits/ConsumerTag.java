package dev.portcullis.gateway.runtime.limits;

import dev.portcullis.gateway.runtime.ConsumerIdentity;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The Redis hash tag of a consumer's counters: {@code {c:k:<key id>}} for keys, {@code {c:t:<subject>}} for OAuth
 * token subjects (so a key id can never share counters with a token subject). A subject with characters that
 * would break the tag or the key layout (braces, colons, spaces, ...) or longer than 100 characters is replaced by
 * the hex SHA-256 of it, prefixed {@code h}.
 */
public final class ConsumerTag {

    private static final int MAX_PLAIN = 100;

    private ConsumerTag() {
    }

    public static String of(ConsumerIdentity consumer) {
        String kind = consumer.kind() == ConsumerIdentity.Kind.KEY ? "k" : "t";
        return "{c:" + kind + ":" + safe(consumer.id()) + "}";
    }

    static String safe(String id) {
        if (!id.isEmpty() && id.length() <= MAX_PLAIN && plain(id)) {
            return id;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(id.getBytes(StandardCharsets.UTF_8));
            return "h" + HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }

    private static boolean plain(String id) {
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '_' || c == '.' || c == '@' || c == '|';
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
