package dev.portcullis.controlplane.secret;

import dev.portcullis.controlplane.common.ProblemException;
import dev.portcullis.model.secret.X25519Keys;

import java.security.PublicKey;

/**
 * The feed's {@code encryptionKey} query parameter: a gateway's X25519 public key, base64url X.509 (ADR 0002).
 * Absent means the gateway receives no secrets.
 *
 * @param encoded the parameter as sent, the cache key of sealed snapshots
 */
public record GatewayEncryptionKey(String encoded, PublicKey key) {

    public static final String PARAMETER = "encryptionKey";

    /** Null when {@code value} is null or blank; a 400 problem when it is not an X25519 public key. */
    public static GatewayEncryptionKey parse(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return new GatewayEncryptionKey(value.strip(), X25519Keys.decodePublic(value));
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalid(PARAMETER, "must be a base64url X.509 X25519 public key");
        }
    }
}
