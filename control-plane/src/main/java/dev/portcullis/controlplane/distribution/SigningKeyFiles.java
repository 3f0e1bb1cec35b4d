package dev.portcullis.controlplane.distribution;

import dev.portcullis.model.snapshot.Ed25519Keys;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.Arrays;
import java.util.Set;

/**
 * The signing key files in one directory: {@code ed25519-private.pem} (PKCS#8) and {@code ed25519-public.pem}
 * (X.509). The directory may be a read-only mount (a Kubernetes Secret), so nothing is written that is already
 * there: the private key only when missing, the public key only when missing, and only if the directory is
 * writable. A public key that does not belong to the private key, or a private key every local user can read,
 * stops the start: gateways would reject every snapshot, or the key is already exposed.
 */
final class SigningKeyFiles {

    private static final Logger LOG = Logger.getLogger(SigningKeyFiles.class);
    static final String PRIVATE_FILE = "ed25519-private.pem";
    static final String PUBLIC_FILE = "ed25519-public.pem";
    private static final Set<PosixFilePermission> FOR_OTHERS =
            Set.of(PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE);

    private final Path dir;
    private final boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    SigningKeyFiles(Path dir) {
        this.dir = dir;
    }

    /** Loads the private key, generating it first when missing, and makes sure the public key file matches it. */
    PrivateKey loadOrCreate() throws IOException {
        Path privateFile = dir.resolve(PRIVATE_FILE);
        PrivateKey privateKey;
        if (Files.exists(privateFile)) {
            refuseWorldAccess(privateFile);
            privateKey = Ed25519Keys.privateFromPem(Files.readString(privateFile, StandardCharsets.US_ASCII));
        } else {
            privateKey = Ed25519Keys.generate().getPrivate();
            createOwnerOnlyDirectory();
            write(privateFile, Ed25519Keys.toPem(privateKey));
            LOG.infof("generated a new snapshot signing key in %s", dir);
        }
        ensurePublicKey(Ed25519Keys.publicFromPrivate(privateKey));
        return privateKey;
    }

    private void refuseWorldAccess(Path privateFile) throws IOException {
        if (!posix) {
            return;
        }
        Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(privateFile);
        if (permissions.stream().anyMatch(FOR_OTHERS::contains)) {
            throw new IllegalStateException("the snapshot signing key " + privateFile + " is accessible to every local"
                    + " user (mode " + PosixFilePermissions.toString(permissions) + "); make it 600 (or 440/640 for"
                    + " a group) before starting: chmod 600 " + privateFile);
        }
    }

    private void ensurePublicKey(PublicKey publicKey) throws IOException {
        Path publicFile = dir.resolve(PUBLIC_FILE);
        if (Files.exists(publicFile)) {
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
            return;
        }
        try {
            write(publicFile, Ed25519Keys.toPem(publicKey));
        } catch (IOException e) {
            LOG.warnf("cannot write %s (%s); carrying on: gateways get the public key from GET /api/signing-key",
                    publicFile, e.getClass().getSimpleName());
        }
    }

    private void createOwnerOnlyDirectory() throws IOException {
        if (!posix) {
            Files.createDirectories(dir);
            return;
        }
        Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
    }

    /** Temp file created with mode 600 before any byte is written, then moved into place atomically. */
    private void write(Path target, String pem) throws IOException {
        FileAttribute<?>[] ownerOnly = posix
                ? new FileAttribute<?>[]{PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))}
                : new FileAttribute<?>[0];
        Path temp = Files.createTempFile(dir, "key", ".tmp", ownerOnly);
        try {
            Files.writeString(temp, pem, StandardCharsets.US_ASCII);
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
