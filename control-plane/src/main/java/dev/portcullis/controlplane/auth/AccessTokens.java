package dev.portcullis.controlplane.auth;

import dev.portcullis.model.key.KeyTokens;
import jakarta.enterprise.context.ApplicationScoped;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Set;

/**
 * The hashes of the gateway feed tokens, held in memory so checking a request needs neither
 * the database nor a worker thread (the check runs on the event loop). Filled at start by {@link TokenBootstrap}.
 *
 * <p>Until then nothing is accepted. A presented token is hashed and compared with every known hash in constant
 * time, so the response time does not tell how close a guess was.
 */
@ApplicationScoped
public class AccessTokens {

    private volatile List<byte[]> gatewayHashes = List.of();

    void replaceGatewayHashes(Set<String> hashes) {
        gatewayHashes = hashes.stream().map(h -> h.getBytes(StandardCharsets.US_ASCII)).toList();
    }

    public boolean isGateway(String token) {
        return matches(token, gatewayHashes);
    }

    private static boolean matches(String token, List<byte[]> known) {
        if (token == null || token.isEmpty()) {
            return false;
        }
        byte[] presented = KeyTokens.hash(token).getBytes(StandardCharsets.US_ASCII);
        boolean found = false;
        for (byte[] hash : known) {
            found |= MessageDigest.isEqual(presented, hash);
        }
        return found;
    }
}
