package dev.portcullis.launcher.services;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.util.HexFormat;

/**
 * Gives each test its own fresh PostgreSQL database, so parallel runs on one server never see each other's data.
 *
 * <p>The server is chosen once per JVM: the one named by {@code PORTCULLIS_TEST_DB_URL} (with
 * {@code PORTCULLIS_TEST_DB_USER} / {@code PORTCULLIS_TEST_DB_PASSWORD}), else 127.0.0.1:5432 as {@code postgres}
 * if it accepts a connection within about a second, else one embedded PostgreSQL started on first use and stopped at
 * JVM exit. Thread-safe.
 */
public final class TestDatabases {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static PostgresServer server;

    private TestDatabases() {
    }

    /** Creates {@code portcullis_test_<random>} on the chosen server. Close it to drop it. */
    public static TestDatabase create() {
        PostgresServer target = server();
        byte[] suffix = new byte[6];
        RANDOM.nextBytes(suffix);
        String name = "portcullis_test_" + HexFormat.of().formatHex(suffix);
        try {
            target.createDatabaseIfMissing(name);
        } catch (SQLException e) {
            throw new IllegalStateException("could not create test database on " + target.host() + ":"
                    + target.port() + ": " + e.getMessage(), e);
        }
        return new TestDatabase(target, name);
    }

    /** The server this JVM's test databases live on; resolved (and, if embedded, started) on first call. */
    public static synchronized PostgresServer server() {
        if (server == null) {
            server = resolve();
        }
        return server;
    }

    private static PostgresServer resolve() {
        String url = System.getenv("PORTCULLIS_TEST_DB_URL");
        if (url != null && !url.isBlank()) {
            return PostgresServer.fromJdbcUrl(url, System.getenv("PORTCULLIS_TEST_DB_USER"),
                    System.getenv("PORTCULLIS_TEST_DB_PASSWORD"));
        }
        PostgresServer local = new PostgresServer("127.0.0.1", 5432, "postgres", "");
        if (local.accepts(1)) {
            return local;
        }
        try {
            // Stopped by zonky's own shutdown hook; kept for the JVM's lifetime on purpose.
            return EmbeddedPostgres.startTemporary().server();
        } catch (IOException e) {
            throw new UncheckedIOException("no PostgreSQL configured or on 127.0.0.1:5432, and the embedded one "
                    + "failed to start", e);
        }
    }
}
