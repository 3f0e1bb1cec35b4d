package dev.portcullis.gateway.sync;

import dev.portcullis.model.snapshot.Ed25519Keys;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.Optional;

/**
 * Loads the public key that verifies snapshots. A gateway without a usable key must not start: it could never
 * accept a configuration, and silently serving nothing is worse than failing at once with the reason.
 */
public final class FeedPublicKey {

    private FeedPublicKey() {
    }

    /** @throws IllegalStateException naming the setting that is missing or wrong */
    public static PublicKey load(Optional<String> base64, Optional<String> pemFile) {
        Optional<String> inline = base64.map(String::strip).filter(value -> !value.isEmpty());
        Optional<String> file = pemFile.map(String::strip).filter(value -> !value.isEmpty());
        if (inline.isPresent()) {
            try {
                return Ed25519Keys.publicFromBase64(inline.get());
            } catch (RuntimeException e) {
                throw new IllegalStateException(
                        "PORTCULLIS_FEED_PUBLIC_KEY is not a base64 X.509 Ed25519 public key");
            }
        }
        if (file.isPresent()) {
            String pem;
            try {
                pem = Files.readString(Path.of(file.get()), StandardCharsets.US_ASCII);
            } catch (IOException | RuntimeException e) {
                throw new IllegalStateException("PORTCULLIS_FEED_PUBLIC_KEY_FILE " + file.get() + " cannot be read: "
                        + e.getClass().getSimpleName());
            }
            try {
                return Ed25519Keys.publicFromPem(pem);
            } catch (RuntimeException e) {
                throw new IllegalStateException(
                        "PORTCULLIS_FEED_PUBLIC_KEY_FILE " + file.get() + " is not a PEM Ed25519 public key");
            }
        }
        throw new IllegalStateException("the gateway needs the control plane's snapshot-signing public key: set "
                + "PORTCULLIS_FEED_PUBLIC_KEY (base64 X.509) or PORTCULLIS_FEED_PUBLIC_KEY_FILE (PEM)");
    }
}
