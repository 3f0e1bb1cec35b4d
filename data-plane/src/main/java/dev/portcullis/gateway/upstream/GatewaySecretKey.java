package dev.portcullis.gateway.upstream;

import dev.portcullis.model.secret.X25519Keys;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.util.Base64;
import org.jboss.logging.Logger;

/**
 * The gateway's X25519 key pair for secrets sealed to it (ADR 0002), kept in {@code $PORTCULLIS_DATA_DIR/}
 * {@value #FILE_NAME} (mode 600: the private key as PKCS#8 PEM, then the public key as an X.509 PEM block), created
 * at first start. The same file across restarts means the last good snapshot on disk stays openable. Blocking.
 */
public final class GatewaySecretKey {

    public static final String FILE_NAME = "secrets-x25519.pem";
    private static final Logger LOG = Logger.getLogger(GatewaySecretKey.class);
    private static final String PUBLIC_BEGIN = "-----BEGIN PUBLIC KEY-----";
    private static final String PUBLIC_END = "-----END PUBLIC KEY-----";

    private GatewaySecretKey() {
    }

    public static KeyPair loadOrCreate(Path dataDir) throws IOException {
        Path file = dataDir.resolve(FILE_NAME);
        if (Files.exists(file)) {
            return read(Files.readString(file, StandardCharsets.US_ASCII));
        }
        KeyPair pair = X25519Keys.generate();
        write(file, pair);
        LOG.infof("generated the gateway's secrets key in %s", file);
        return pair;
    }

    /** Writes {@code pair} as the key file; also lets tests prepare a gateway whose key they know. */
    public static void write(Path file, KeyPair pair) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Path temp = Files.createTempFile(file.toAbsolutePath().getParent(), FILE_NAME, ".tmp");
        try {
            Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            LOG.warnf("cannot restrict permissions of %s on this file system", file);
        }
        String publicPem = PUBLIC_BEGIN + "\n" + Base64.getMimeEncoder(64, new byte[]{'\n'})
                .encodeToString(pair.getPublic().getEncoded()) + "\n" + PUBLIC_END + "\n";
        Files.writeString(temp, X25519Keys.privatePem(pair.getPrivate()) + publicPem, StandardCharsets.US_ASCII);
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    static KeyPair read(String pem) {
        int publicStart = pem.indexOf(PUBLIC_BEGIN);
        int publicEnd = pem.indexOf(PUBLIC_END);
        if (publicStart < 0 || publicEnd < publicStart) {
            throw new IllegalArgumentException(FILE_NAME + " has no public key block");
        }
        String publicBase64 = pem.substring(publicStart + PUBLIC_BEGIN.length(), publicEnd).replaceAll("\\s", "");
        var publicKey = X25519Keys.decodePublic(Base64.getUrlEncoder().withoutPadding()
                .encodeToString(Base64.getDecoder().decode(publicBase64)));
        return new KeyPair(publicKey, X25519Keys.privateFromPem(pem.substring(0, publicStart)));
    }
}
