package dev.portcullis.gateway.observe;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The record's {@code sessionIdHash} (the first 8 bytes of the session id's SHA-256, in hex), remembered per thread
 * for the last sessions seen: every request of a session carries the same id, and hashing it again cost more than
 * looking it up. A small direct-mapped table per event-loop thread ({@value #SLOTS} slots; a collision replaces the
 * slot), so memory stays bounded whatever ids agents send.
 */
final class SessionIdHashes {

    private static final int SLOTS = 256;

    private static final ThreadLocal<SessionIdHashes> PER_THREAD = ThreadLocal.withInitial(SessionIdHashes::new);

    private final MessageDigest sha256;
    private final String[] ids = new String[SLOTS];
    private final String[] hashes = new String[SLOTS];

    private SessionIdHashes() {
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** The hash of a non-empty {@code sessionId}. */
    static String of(String sessionId) {
        return PER_THREAD.get().hash(sessionId);
    }

    private String hash(String sessionId) {
        int slot = sessionId.hashCode() & (SLOTS - 1);
        if (sessionId.equals(ids[slot])) {
            return hashes[slot];
        }
        byte[] digest = sha256.digest(sessionId.getBytes(StandardCharsets.UTF_8));
        String hash = HexFormat.of().formatHex(digest, 0, 8);
        ids[slot] = sessionId;
        hashes[slot] = hash;
        return hash;
    }
}
