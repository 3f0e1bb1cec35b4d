package dev.portcullis.launcher.services;

import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Objects;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * A PostgreSQL server we may create databases on: where it listens and which role to use.
 *
 * @param password empty when the server trusts the connection
 */
public record PostgresServer(String host, int port, String user, String password) {

    /** The maintenance database every PostgreSQL server has; we connect there to create and drop others. */
    static final String ADMIN_DATABASE = "postgres";

    private static final Pattern PLAIN_NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    public PostgresServer {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(user, "user");
        password = password == null ? "" : password;
        if (port <= 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
    }

    /**
     * Reads host and port from a JDBC URL such as {@code jdbc:postgresql://db:5432/postgres}; the database part is
     * ignored because each caller chooses its own.
     */
    public static PostgresServer fromJdbcUrl(String jdbcUrl, String user, String password) {
        if (jdbcUrl == null || !jdbcUrl.startsWith("jdbc:postgresql://")) {
            throw new IllegalArgumentException("not a PostgreSQL JDBC URL (expected jdbc:postgresql://host:port/db)");
        }
        URI uri = URI.create(jdbcUrl.substring("jdbc:".length()));
        int port = uri.getPort() == -1 ? 5432 : uri.getPort();
        return new PostgresServer(uri.getHost(), port, user == null || user.isBlank() ? "postgres" : user, password);
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database;
    }

    public Connection connect(String database) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", user);
        if (!password.isEmpty()) {
            properties.setProperty("password", password);
        }
        properties.setProperty("connectTimeout", "5");
        return DriverManager.getConnection(jdbcUrl(database), properties);
    }

    /** Whether the server accepts our role within about {@code timeoutSeconds}; used to probe a local server. */
    public boolean accepts(int timeoutSeconds) {
        Properties properties = new Properties();
        properties.setProperty("user", user);
        if (!password.isEmpty()) {
            properties.setProperty("password", password);
        }
        properties.setProperty("connectTimeout", Integer.toString(timeoutSeconds));
        properties.setProperty("socketTimeout", Integer.toString(timeoutSeconds + 1));
        try (Connection ignored = DriverManager.getConnection(jdbcUrl(ADMIN_DATABASE), properties)) {
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    /** Creates {@code database} unless it exists. The name must be a plain identifier (we quote it anyway). */
    public void createDatabaseIfMissing(String database) throws SQLException {
        String create = "CREATE DATABASE " + quote(database);
        try (Connection connection = connect(ADMIN_DATABASE);
             var exists = connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            exists.setString(1, database);
            try (var rows = exists.executeQuery()) {
                if (rows.next()) {
                    return;
                }
            }
            try (var statement = connection.createStatement()) {
                statement.execute(create);
            }
        }
    }

    /**
     * Drops {@code database}, disconnecting whoever still uses it (a test's leaked pool must not keep it alive).
     * {@code WITH (FORCE)} needs PostgreSQL 13+; the embedded server is 14 and the supported servers are 15+.
     */
    public void dropDatabase(String database) throws SQLException {
        String sql = "DROP DATABASE IF EXISTS " + quote(database) + " WITH (FORCE)";
        try (Connection connection = connect(ADMIN_DATABASE); var drop = connection.createStatement()) {
            drop.execute(sql);
        }
    }

    private static String quote(String identifier) {
        if (!PLAIN_NAME.matcher(identifier).matches()) {
            throw new IllegalArgumentException("not a plain database name: " + identifier);
        }
        return '"' + identifier + '"';
    }
}
