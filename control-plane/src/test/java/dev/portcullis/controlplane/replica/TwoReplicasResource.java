package dev.portcullis.controlplane.replica;

import dev.portcullis.controlplane.support.ControlPlaneTestResource;
import dev.portcullis.controlplane.support.ManagementInterface;
import dev.portcullis.launcher.process.ManagedProcess;
import dev.portcullis.launcher.process.ProcessSpec;
import dev.portcullis.launcher.services.FreePorts;
import dev.portcullis.launcher.services.TestDatabase;
import dev.portcullis.launcher.services.TestDatabases;
import dev.portcullis.launcher.services.TestRedis;
import dev.portcullis.launcher.services.TestRedisEndpoint;
import dev.portcullis.model.snapshot.Ed25519Keys;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Two control-plane replicas on one database and one Redis key prefix: replica A is the application under test,
 * replica B the packaged control plane ({@code target/quarkus-app}) started as a process at the same moment, so both
 * migrate and bootstrap at once. Neither may generate keys: both get the same operator-provided key material, A as
 * files, B partly inline, and each its own data directory. B's base URL is the config property {@value #B_URL}.
 */
public class TwoReplicasResource implements QuarkusTestResourceLifecycleManager {

    static final String B_URL = "test.replica-b.url";
    /** B's management interface ({@code /q/metrics}). */
    static final String B_MANAGEMENT_URL = "test.replica-b.management-url";
    private static final Path JAR = Path.of("target", "quarkus-app", "quarkus-run.jar");

    private TestDatabase database;
    private TestRedisEndpoint redis;
    private Path root;
    private ManagedProcess replicaB;

    @Override
    public Map<String, String> start() {
        if (!Files.isRegularFile(JAR)) {
            throw new IllegalStateException(JAR.toAbsolutePath() + " is missing: run the ITs through mvn verify");
        }
        database = TestDatabases.create();
        redis = TestRedis.create();
        try {
            root = Files.createTempDirectory("portcullis-replicas");
            Path keys = Files.createDirectory(root.resolve("keys"));
            Path signing = secretFile(keys.resolve("signing.pem"),
                    Ed25519Keys.toPem(Ed25519Keys.generate().getPrivate()));
            String masterKey = Base64.getEncoder().encodeToString(randomBytes(32));
            Path master = secretFile(keys.resolve("master.key"), masterKey + "\n");
            Path token = secretFile(keys.resolve("token.pem"), rsaPem());
            String adminToken = "pca_" + base64(24);
            String gatewayToken = "pcg_" + base64(24);
            String password = "pw-" + base64(24);
            int portB = FreePorts.pick();
            int managementPortB = FreePorts.pick();

            Map<String, String> b = new HashMap<>();
            b.put("PORTCULLIS_BIND_HOST", "127.0.0.1");
            b.put("PORTCULLIS_CP_PORT", Integer.toString(portB));
            b.put("PORTCULLIS_CP_MANAGEMENT_PORT", Integer.toString(managementPortB));
            b.put("PORTCULLIS_DB_URL", database.jdbcUrl());
            b.put("PORTCULLIS_DB_USER", database.user());
            b.put("PORTCULLIS_DB_PASSWORD", database.password() == null ? "" : database.password());
            b.put("PORTCULLIS_DATA_DIR", Files.createDirectory(root.resolve("data-b")).toString());
            b.put("PORTCULLIS_SNAPSHOT_SIGNING_KEY_FILE", signing.toString());
            b.put("PORTCULLIS_MASTER_KEY", masterKey);
            b.put("PORTCULLIS_API_TOKEN_SIGNING_KEY_FILE", token.toString());
            b.put("PORTCULLIS_BOOTSTRAP_ADMIN_TOKEN", adminToken);
            b.put("PORTCULLIS_GATEWAY_TOKEN", gatewayToken);
            b.put("PORTCULLIS_BOOTSTRAP_ADMIN_PASSWORD", password);
            b.put("PORTCULLIS_COOKIE_SECURE", "false");
            b.put("PORTCULLIS_FEED_PING_INTERVAL", "500ms");
            b.put("PORTCULLIS_REDIS_URL", redis.url());
            b.put("PORTCULLIS_REDIS_KEY_PREFIX", redis.keyPrefix());
            replicaB = ManagedProcess.start(new ProcessSpec("control plane B",
                    ProcessSpec.javaJar(JAR, List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1")), b,
                    root, Path.of("target", "replica-b.log")));

            return Map.ofEntries(
                    Map.entry("quarkus.datasource.jdbc.url", database.jdbcUrl()),
                    Map.entry("quarkus.datasource.username", database.user()),
                    Map.entry("quarkus.datasource.password", database.password() == null ? "" : database.password()),
                    Map.entry("portcullis.data-dir", Files.createDirectory(root.resolve("data-a")).toString()),
                    Map.entry("portcullis.generate-keys", "false"),
                    Map.entry("portcullis.snapshot-signing-key-file", signing.toString()),
                    Map.entry("portcullis.master-key-file", master.toString()),
                    Map.entry("portcullis.api-token-signing-key-file", token.toString()),
                    Map.entry("portcullis.bootstrap-admin-token", adminToken),
                    Map.entry("portcullis.gateway-token", gatewayToken),
                    Map.entry("portcullis.bootstrap-admin-password", password),
                    Map.entry("portcullis.cookie-secure", "false"),
                    Map.entry("portcullis.feed.ping-interval", "500ms"),
                    Map.entry("portcullis.redis-url", redis.url()),
                    Map.entry("portcullis.redis-key-prefix", redis.keyPrefix()),
                    Map.entry(B_URL, "http://127.0.0.1:" + portB),
                    Map.entry(B_MANAGEMENT_URL, "http://127.0.0.1:" + managementPortB),
                    Map.entry(ManagementInterface.TEST_PORT, Integer.toString(FreePorts.pick())));
        } catch (IOException e) {
            stop();
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void stop() {
        if (replicaB != null) {
            replicaB.stop();
        }
        if (database != null) {
            database.close();
        }
        if (redis != null) {
            redis.close();
        }
        if (root != null) {
            ControlPlaneTestResource.deleteTree(root);
        }
    }

    private static Path secretFile(Path file, String content) throws IOException {
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, content, StandardCharsets.US_ASCII);
        return file;
    }

    private static String rsaPem() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return "-----BEGIN PRIVATE KEY-----\n"
                    + Base64.getMimeEncoder(64, new byte[]{'\n'})
                    .encodeToString(generator.generateKeyPair().getPrivate().getEncoded())
                    + "\n-----END PRIVATE KEY-----\n";
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String base64(int bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(randomBytes(bytes));
    }

    private static byte[] randomBytes(int count) {
        byte[] random = new byte[count];
        new SecureRandom().nextBytes(random);
        return random;
    }
}
