package dev.portcullis.launcher.services;

import java.sql.SQLException;
import java.util.Objects;

/**
 * A database that exists for one test run. Closing it drops it (forcibly disconnecting leftover sessions).
 * Obtain one from {@link TestDatabases#create()}.
 */
public final class TestDatabase implements AutoCloseable {

    private final PostgresServer server;
    private final String name;
    private boolean closed;

    TestDatabase(PostgresServer server, String name) {
        this.server = Objects.requireNonNull(server, "server");
        this.name = Objects.requireNonNull(name, "name");
    }

    /** {@code jdbc:postgresql://host:port/portcullis_test_<random>}. */
    public String jdbcUrl() {
        return server.jdbcUrl(name);
    }

    public String user() {
        return server.user();
    }

    /** Empty when the server trusts the connection. */
    public String password() {
        return server.password();
    }

    public String name() {
        return name;
    }

    /** The server the database lives on (e.g. to create a second database beside it). */
    public PostgresServer server() {
        return server;
    }

    /** Drops the database; idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            server.dropDatabase(name);
        } catch (SQLException e) {
            throw new IllegalStateException("could not drop test database " + name + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "TestDatabase[" + jdbcUrl() + ", user=" + user() + "]";
    }
}
