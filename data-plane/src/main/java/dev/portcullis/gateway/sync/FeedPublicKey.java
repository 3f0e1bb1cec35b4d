package dev.portcullis.gateway.sync;

import dev.portcullis.model.snapshot.Ed25519Keys;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Loads the public keys that verify snapshots: one, or two while the control plane's signing key is rotated (the
 * gateway then accepts snapshots signed by either). A gateway without a usable key must not start: it could never
 * accept a configuration, and silently serving nothing is worse than failing at once with the reason.
 */
public final class FeedPublicKey {

    private static final Pattern PEM_BLOCK = Pattern.compile(
            "-----BEGIN PUBLIC KEY-----.*?-----END PUBLIC KEY-----", Pattern.DOTALL);

    private FeedPublicKey() {
    }

    /**
     * @param base64  {@code PORTCULLIS_FEED_PUBLIC_KEY}: base64 X.509 keys, comma-separated
     * @param pemFile {@code PORTCULLIS_FEED_PUBLIC_KEY_FILE}: a file of one or more PEM {@code PUBLIC KEY} blocks
     * @throws IllegalStateException naming the setting that is missing or wrong
     */
    public static List<PublicKey> load(Optional<String> base64, Optional<String> pemFile) {
        Optional<String> inline = base64.map(String::strip).filter(value -> !value.isEmpty());
        Optional<String> file = pemFile.map(String::strip).filter(value -> !value.isEmpty());
        if (inline.isPresent()) {
            List<PublicKey> keys = new ArrayList<>();
            for (String entry : inline.get().split(",", -1)) {
                try {
                    keys.add(Ed25519Keys.publicFromBase64(entry.strip()));
                } catch (RuntimeException e) {
                    throw new IllegalStateException(
                            "PORTCULLIS_FEED_PUBLIC_KEY is not a comma list of base64 X.509 Ed25519 public keys");
                }
            }
            return List.copyOf(keys);
        }
        if (file.isPresent()) {
            String pem;
            try {
                pem = Files.readString(Path.of(file.get()), StandardCharsets.US_ASCII);
            } catch (IOException | RuntimeException e) {
                throw new IllegalStateException("PORTCULLIS_FEED_PUBLIC_KEY_FILE " + file.get() + " cannot be read: "
                        + e.getClass().getSimpleName());
            }
            List<PublicKey> keys = new ArrayList<>();
            Matcher blocks = PEM_BLOCK.matcher(pem);
            while (blocks.find()) {
                try {
                    keys.add(Ed25519Keys.publicFromPem(blocks.group()));
                } catch (RuntimeException e) {
                    keys.clear();
                    break;
                }
            }
            if (keys.isEmpty()) {
                throw new IllegalStateException("PORTCULLIS_FEED_PUBLIC_KEY_FILE " + file.get()
                        + " is not a PEM Ed25519 public key (or several, one after the other)");
            }
            return List.copyOf(keys);
        }
        throw new IllegalStateException("the gateway needs the control plane's snapshot-signing public key: set "
                + "PORTCULLIS_FEED_PUBLIC_KEY (base64 X.509) or PORTCULLIS_FEED_PUBLIC_KEY_FILE (PEM)");
    }
}
