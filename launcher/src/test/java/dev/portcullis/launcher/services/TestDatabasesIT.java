package dev.portcullis.launcher.services;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class TestDatabasesIT {

    @Test
    void givesEachCallItsOwnUsableDatabaseAndDropsItOnClose() throws Exception {
        TestDatabase first = TestDatabases.create();
        TestDatabase second = TestDatabases.create();
        try {
            assertThat(first.name()).startsWith("portcullis_test_").isNotEqualTo(second.name());
            assertThat(first.jdbcUrl()).endsWith("/" + first.name());

            execute(first, "CREATE TABLE marker (v text)");
            execute(first, "INSERT INTO marker VALUES ('first')");
            execute(second, "CREATE TABLE marker (v text)");

            assertThat(count(first)).isEqualTo(1);
            assertThat(count(second)).isZero();
        } finally {
            first.close();
            second.close();
        }

        assertThat(exists(first)).isFalse();
        assertThat(exists(second)).isFalse();
    }

    @Test
    void dropsADatabaseEvenWhileAConnectionIsStillOpen() throws Exception {
        TestDatabase database = TestDatabases.create();
        try (Connection leaked = connect(database)) {
            database.close();
            assertThat(exists(database)).isFalse();
        }
    }

    private static Connection connect(TestDatabase database) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", database.user());
        properties.setProperty("password", database.password());
        return DriverManager.getConnection(database.jdbcUrl(), properties);
    }

    private static void execute(TestDatabase database, String sql) throws SQLException {
        try (Connection connection = connect(database); var statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static int count(TestDatabase database) throws SQLException {
        try (Connection connection = connect(database); var statement = connection.createStatement();
             var rows = statement.executeQuery("SELECT count(*) FROM marker")) {
            rows.next();
            return rows.getInt(1);
        }
    }

    private static boolean exists(TestDatabase database) throws SQLException {
        try (Connection connection = database.server().connect(PostgresServer.ADMIN_DATABASE);
             var statement = connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            statement.setString(1, database.name());
            try (var rows = statement.executeQuery()) {
                return rows.next();
            }
        }
    }
}
