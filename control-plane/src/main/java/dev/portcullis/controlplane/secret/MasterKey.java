package dev.portcullis.controlplane.secret;

import dev.portcullis.controlplane.common.PortcullisConfig;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * The AES-256 key secrets are encrypted with at rest: {@code PORTCULLIS_MASTER_KEY} (base64 of 32 bytes), else
 * {@code $PORTCULLIS_DATA_DIR/master.key}, generated (mode 600) on first start with a warning that production
 * should set the variable. Loaded at startup so a malformed key stops the control plane at once.
 */
@Startup
@ApplicationScoped
public class MasterKey {

    private static final Logger LOG = Logger.getLogger(MasterKey.class);
    static final String FILE_NAME = "master.key";

    private final Optional<String> configured;
    private final Path dataDir;
    private SecretKey key;

    MasterKey(@ConfigProperty(name = "portcullis.master-key") Optional<String> configured, PortcullisConfig config) {
        this.configured = configured;
        this.dataDir = config.dataDir();
    }

    @PostConstruct
    void load() {
        if (configured.isPresent() && !configured.get().isBlank()) {
            key = decode(configured.get(), "PORTCULLIS_MASTER_KEY");
            return;
        }
        Path file = dataDir.resolve(FILE_NAME);
        try {
            if (Files.exists(file)) {
                key = decode(Files.readString(file, StandardCharsets.US_ASCII), file.toString());
                return;
            }
            byte[] fresh = new byte[32];
            new SecureRandom().nextBytes(fresh);
            write(file, Base64.getEncoder().encodeToString(fresh));
            key = new SecretKeySpec(fresh, "AES");
            LOG.warnf("generated a secrets master key in %s; production should set PORTCULLIS_MASTER_KEY and keep"
                    + " it safe: secrets cannot be decrypted without it", file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the master key " + file, e);
        }
    }

    SecretKey key() {
        return key;
    }

    private static SecretKey decode(String base64, String source) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("the master key in " + source + " is not base64");
        }
        if (bytes.length != 32) {
            throw new IllegalStateException("the master key in " + source + " must be 32 bytes, not " + bytes.length);
        }
        return new SecretKeySpec(bytes, "AES");
    }

    private static void write(Path file, String content) throws IOException {
        Files.createDirectories(file.getParent());
        Path temp = Files.createTempFile(file.getParent(), FILE_NAME, ".tmp");
        try {
            Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            LOG.warnf("cannot restrict permissions of %s on this file system", file);
        }
        Files.writeString(temp, content + "\n", StandardCharsets.US_ASCII);
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
    }
}
