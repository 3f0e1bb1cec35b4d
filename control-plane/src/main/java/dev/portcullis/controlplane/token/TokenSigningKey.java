package dev.portcullis.controlplane.token;

import dev.portcullis.controlplane.common.PortcullisConfig;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.Base64;

/**
 * The RSA key pair API tokens are signed with (RS256), kept in {@code <data-dir>/tokens/jwt-private.pem} (mode 600,
 * generated on first start, never in git). Separate from the snapshot signing key so either can be rotated alone;
 * rotating this one invalidates every API token. Loaded once at start; immutable afterwards.
 */
@ApplicationScoped
public class TokenSigningKey {

    static final String FILE = "jwt-private.pem";
    private static final Logger LOG = Logger.getLogger(TokenSigningKey.class);

    private final PortcullisConfig config;
    private volatile PrivateKey privateKey;
    private volatile PublicKey publicKey;

    TokenSigningKey(PortcullisConfig config) {
        this.config = config;
    }

    void onStart(@Observes StartupEvent event) {
        load();
    }

    public PrivateKey privateKey() {
        load();
        return privateKey;
    }

    public PublicKey publicKey() {
        load();
        return publicKey;
    }

    private synchronized void load() {
        if (privateKey != null) {
            return;
        }
        Path file = config.dataDir().resolve("tokens").resolve(FILE);
        try {
            PrivateKey key = Files.exists(file) ? read(file) : generate(file);
            RSAPrivateCrtKey crt = (RSAPrivateCrtKey) key;
            publicKey = KeyFactory.getInstance("RSA")
                    .generatePublic(new RSAPublicKeySpec(crt.getModulus(), crt.getPublicExponent()));
            privateKey = key;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or write the API token signing key " + file, e);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(file + " is not a PKCS#8 RSA private key", e);
        }
    }

    private static PrivateKey read(Path file) throws IOException, java.security.GeneralSecurityException {
        if (posix() && Files.getPosixFilePermissions(file).contains(PosixFilePermission.OTHERS_READ)) {
            throw new IllegalStateException("the API token signing key " + file + " is readable by every local"
                    + " user; chmod 600 " + file + " before starting");
        }
        String pem = Files.readString(file, StandardCharsets.US_ASCII)
                .replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(pem)));
    }

    private static PrivateKey generate(Path file) throws IOException, java.security.GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair pair = generator.generateKeyPair();
        Files.createDirectories(file.getParent());
        if (posix()) {
            Files.setPosixFilePermissions(file.getParent(), PosixFilePermissions.fromString("rwx------"));
        }
        String pem = "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(pair.getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
        Path temp = posix()
                ? Files.createTempFile(file.getParent(), "jwt", ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))
                : Files.createTempFile(file.getParent(), "jwt", ".tmp");
        try {
            Files.writeString(temp, pem, StandardCharsets.US_ASCII);
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temp);
        }
        LOG.infof("generated a new API token signing key in %s", file.getParent());
        return pair.getPrivate();
    }

    private static boolean posix() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }
}
