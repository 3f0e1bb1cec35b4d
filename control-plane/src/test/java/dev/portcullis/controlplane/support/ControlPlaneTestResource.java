package dev.portcullis.controlplane.support;

import dev.portcullis.launcher.services.FreePorts;
import dev.portcullis.launcher.services.TestDatabase;
import dev.portcullis.launcher.services.TestDatabases;
import dev.portcullis.launcher.services.TestRedis;
import dev.portcullis.launcher.services.TestRedisEndpoint;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Gives the test run its own database (dropped afterwards), its own Redis key prefix (the analytics stream), its own
 * data directory (signing key), and random admin and gateway tokens. Tests read the tokens back from config ({@link Api}).
 */
public class ControlPlaneTestResource implements QuarkusTestResourceLifecycleManager {

    private TestDatabase database;
    private TestRedisEndpoint redis;
    private Path dataDir;

    @Override
    public Map<String, String> start() {
        database = TestDatabases.create();
        redis = TestRedis.create();
        try {
            dataDir = Files.createTempDirectory("portcullis-cp-test");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.ofEntries(
                Map.entry("quarkus.datasource.jdbc.url", database.jdbcUrl()),
                Map.entry("quarkus.datasource.username", database.user()),
                Map.entry("quarkus.datasource.password", database.password() == null ? "" : database.password()),
                Map.entry("portcullis.data-dir", dataDir.toString()),
                Map.entry("portcullis.generate-keys", "true"),
                Map.entry("portcullis.bootstrap-admin-token", "pca_" + random()),
                Map.entry("portcullis.gateway-token", "pcg_" + random()),
                Map.entry("portcullis.bootstrap-admin-password", "pw-" + random()),
                Map.entry("portcullis.cookie-secure", "false"),
                Map.entry("portcullis.feed.ping-interval", "500ms"),
                Map.entry("portcullis.redis-url", redis.url()),
                Map.entry("portcullis.redis-key-prefix", redis.keyPrefix()),
                Map.entry(ManagementInterface.TEST_PORT, Integer.toString(FreePorts.pick())));
    }

    @Override
    public void stop() {
        if (database != null) {
            database.close();
        }
        if (redis != null) {
            redis.close();
        }
        if (dataDir != null) {
            deleteTree(dataDir);
        }
    }

    /** Deletes a directory and everything below it. */
    public static void deleteTree(Path root) {
        try (Stream<Path> files = Files.walk(root)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String random() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
