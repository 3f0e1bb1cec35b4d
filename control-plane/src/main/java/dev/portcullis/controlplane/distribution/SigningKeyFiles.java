package dev.portcullis.controlplane.distribution;

import dev.portcullis.controlplane.common.KeyMaterial;
import dev.portcullis.model.snapshot.Ed25519Keys;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Arrays;
import java.util.Optional;

/**
 * The snapshot signing key: from {@code PORTCULLIS_SNAPSHOT_SIGNING_KEY} /
 * {@code PORTCULLIS_SNAPSHOT_SIGNING_KEY_FILE}, or kept in one directory as {@code ed25519-private.pem} (PKCS#8)
 * and {@code ed25519-public.pem} (X.509) ({@link KeyMaterial} has the rules for where it comes from and for
 * generating it). The directory may be a read-only mount (a Kubernetes
 * Secret), so nothing is written that is already there: the public key only when missing, and only if the directory
 * is writable. A public key that does not belong to the private key stops the start: gateways would reject every
 * snapshot.
 */
final class SigningKeyFiles {

    private static final Logger LOG = Logger.getLogger(SigningKeyFiles.class);
    static final String PRIVATE_FILE = "ed25519-private.pem";
    static final String PUBLIC_FILE = "ed25519-public.pem";
    static final String WHAT = "the snapshot signing key";

    private final Path dir;

    SigningKeyFiles(Path dir) {
        this.dir = dir;
    }

    /** Loads the key from the settings or the directory, generating it there only when {@code generate}. */
    PrivateKey load(Optional<String> inline, Optional<String> file, boolean generate) throws IOException {
        KeyMaterial.Loaded loaded = KeyMaterial.load(new KeyMaterial.Spec(WHAT, "PORTCULLIS_SNAPSHOT_SIGNING_KEY",
                inline, file, dir.resolve(PRIVATE_FILE), generate,
                () -> Ed25519Keys.toPem(Ed25519Keys.generate().getPrivate())));
        PrivateKey privateKey;
        try {
            privateKey = KeyFactory.getInstance("Ed25519").generatePrivate(
                    new PKCS8EncodedKeySpec(KeyMaterial.der(loaded.text(), loaded.source(), WHAT)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(WHAT + " in " + loaded.source() + " is not a PKCS#8 Ed25519 private key");
        }
        if (loaded.inDataDir()) {
            ensurePublicKey(Ed25519Keys.publicFromPrivate(privateKey));
        }
        LOG.infof("snapshot signing key from %s", loaded.source());
        return privateKey;
    }

    /** The directory's key, generated first when missing (the single-node case). */
    PrivateKey loadOrCreate() throws IOException {
        return load(Optional.empty(), Optional.empty(), true);
    }

    private void ensurePublicKey(PublicKey publicKey) throws IOException {
        Path publicFile = dir.resolve(PUBLIC_FILE);
        if (!Files.exists(publicFile)) {
            try {
                KeyMaterial.publishOnce(publicFile, Ed25519Keys.toPem(publicKey));
            } catch (IOException e) {
                LOG.warnf("cannot write %s (%s); carrying on: gateways get the public key from GET /api/signing-key",
                        publicFile, e.getClass().getSimpleName());
                return;
            }
        }
        PublicKey stored;
        try {
            stored = Ed25519Keys.publicFromPem(Files.readString(publicFile, StandardCharsets.US_ASCII));
        } catch (RuntimeException e) {
            throw new IllegalStateException(publicFile + " is not a PEM public key; delete it to have it"
                    + " written again from " + PRIVATE_FILE, e);
        }
        if (!Arrays.equals(stored.getEncoded(), publicKey.getEncoded())) {
            throw new IllegalStateException(publicFile + " (key id " + Ed25519Keys.keyId(stored) + ") is not the"
                    + " public half of " + PRIVATE_FILE + " (key id " + Ed25519Keys.keyId(publicKey) + ");"
                    + " gateways configured with it would reject every snapshot");
        }
    }
}
