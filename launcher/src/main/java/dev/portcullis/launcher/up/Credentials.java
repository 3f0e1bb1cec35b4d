package dev.portcullis.launcher.up;

import dev.portcullis.launcher.stack.Tokens;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.Properties;

/**
 * The secrets {@code up} keeps between runs in {@code credentials.properties} (mode 600): the admin token, the first
 * admin's dashboard password and the gateway token generated at first start, and the demo key the seed created. The control plane stores only hashes,
 * so this file is the only place the demo key can be shown again.
 */
public final class Credentials {

    private static final String ADMIN_TOKEN = "admin.token";
    private static final String GATEWAY_TOKEN = "gateway.token";
    private static final String ADMIN_PASSWORD = "admin.password";
    private static final String DEMO_KEY = "demo.key";
    private static final String SEEDED = "seeded";

    private final Path file;
    private final Properties properties;

    private Credentials(Path file, Properties properties) {
        this.file = file;
        this.properties = properties;
    }

    /** Loads the file, or creates it with fresh tokens. */
    public static Credentials loadOrCreate(Path file) {
        Properties properties = new Properties();
        if (Files.exists(file)) {
            try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                properties.load(reader);
            } catch (IOException e) {
                throw new UpFailure("cannot read " + file + ": " + e.getMessage(), e);
            }
        }
        Credentials credentials = new Credentials(file, properties);
        boolean changed = !Files.exists(file) || !ownerOnly(file);
        if (properties.getProperty(ADMIN_TOKEN, "").isBlank()) {
            properties.setProperty(ADMIN_TOKEN, Tokens.adminToken());
            changed = true;
        }
        if (properties.getProperty(ADMIN_PASSWORD, "").isBlank()) {
            properties.setProperty(ADMIN_PASSWORD, Tokens.adminPassword());
            changed = true;
        }
        if (properties.getProperty(GATEWAY_TOKEN, "").isBlank()) {
            properties.setProperty(GATEWAY_TOKEN, Tokens.gatewayToken());
            changed = true;
        }
        if (changed) {
            credentials.save();
        }
        return credentials;
    }

    public String adminToken() {
        return properties.getProperty(ADMIN_TOKEN);
    }

    /**
     * The dashboard password of the first admin user ({@code admin}). Used by the control plane only when its
     * database has no user yet; a file from before dashboards gets one, which an existing database ignores.
     */
    public String adminPassword() {
        return properties.getProperty(ADMIN_PASSWORD);
    }

    public String gatewayToken() {
        return properties.getProperty(GATEWAY_TOKEN);
    }

    public Optional<String> demoKey() {
        return Optional.ofNullable(properties.getProperty(DEMO_KEY)).filter(key -> !key.isBlank());
    }

    /** True once the first-start seed (proxy and demo key) has completed. */
    public boolean seeded() {
        return Boolean.parseBoolean(properties.getProperty(SEEDED, "false"));
    }

    public void recordSeed(String demoKey) {
        properties.setProperty(DEMO_KEY, demoKey);
        properties.setProperty(SEEDED, "true");
        save();
    }

    private static boolean ownerOnly(Path file) {
        try {
            return !FileSystems.getDefault().supportedFileAttributeViews().contains("posix")
                    || PosixFilePermissions.toString(Files.getPosixFilePermissions(file)).equals("rw-------");
        } catch (IOException e) {
            return false;
        }
    }

    /** Writes a temp file created with mode 600 and moves it over the old one, so the secrets are never readable. */
    private void save() {
        try {
            Files.createDirectories(file.getParent());
            Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
            Files.deleteIfExists(temporary);
            if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                Files.createFile(temporary, PosixFilePermissions.asFileAttribute(
                        PosixFilePermissions.fromString("rw-------")));
            } else {
                Files.createFile(temporary);
            }
            try (Writer writer = Files.newBufferedWriter(temporary, StandardCharsets.UTF_8)) {
                properties.store(writer, "Portcullis ./portcullis up credentials. Keep secret.");
            }
            try {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
