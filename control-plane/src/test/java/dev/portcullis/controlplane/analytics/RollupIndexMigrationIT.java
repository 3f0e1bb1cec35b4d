package dev.portcullis.controlplane.analytics;

import dev.portcullis.launcher.services.TestDatabase;
import dev.portcullis.launcher.services.TestDatabases;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The upgrade to roll-up tables whose rows can be updated in place (V15): Flyway up to V14, roll-up rows as an
 * earlier release stored them, then the rest of the migrations, on a real PostgreSQL.
 */
class RollupIndexMigrationIT {

    private static final List<String> TABLES = List.of("analytics_minute", "analytics_hour", "analytics_day");

    private TestDatabase database;

    @BeforeEach
    void createDatabaseAtTheEarlierSchema() {
        database = TestDatabases.create();
        flyway("14").migrate();
    }

    @AfterEach
    void dropDatabase() {
        database.close();
    }

    @Test
    void keepsTheRowsAndLeavesKeyAndAliasIndexesWithoutTheCountsSoAnUpdateWritesNoIndexEntry() throws Exception {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            for (String table : TABLES) {
                statement.executeUpdate(insert(table, "2026-01-01T10:00:00Z", "k1", "agent-1", 3));
                statement.executeUpdate(insert(table, "2026-01-01T10:00:00Z", "", "", 1));
            }
        }
        List<String> before = contents();

        flyway(null).migrate();

        assertThat(contents()).isEqualTo(before);
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            for (String table : TABLES) {
                assertThat(indexes(statement, table)).containsExactlyInAnyOrder(
                        table + "_pkey|8|8",
                        table + "_key|6|6",
                        table + "_alias|6|6");
                assertThat(single(statement, "select array_to_string(reloptions, ',') from pg_class where relname = '"
                        + table + "'")).isEqualTo("fillfactor=70");
                assertThat(single(statement, "select count(*) from " + table + " where key_id = 'k1' and bucket >= "
                        + "'2026-01-01T00:00:00Z' and bucket < '2026-01-02T00:00:00Z'")).isEqualTo("1");
            }
            // A row written after the upgrade, then added to as an ingest does: updated in place (heap-only).
            for (String table : TABLES) {
                statement.executeUpdate(insert(table, "2026-01-02T10:00:00Z", "k2", "agent-2", 1));
                connection.setAutoCommit(false);
                statement.executeUpdate(insert(table, "2026-01-02T10:00:00Z", "k2", "agent-2", 2)
                        + " on conflict (bucket, proxy_id, primitive_type, primitive_name, key_id, status, error_code,"
                        + " member) do update set requests = " + table + ".requests + excluded.requests,"
                        + " errors = " + table + ".errors + excluded.errors");
                assertThat(single(statement, "select pg_stat_get_xact_tuples_hot_updated('" + table
                        + "'::regclass)")).isEqualTo("1");
                connection.commit();
                connection.setAutoCommit(true);
                assertThat(single(statement, "select requests from " + table + " where key_id = 'k2'"))
                        .isEqualTo("3");
            }
        }
    }

    private static String insert(String table, String bucket, String key, String alias, long requests) {
        return "insert into " + table + " (bucket, proxy_id, primitive_type, primitive_name, key_id, status, "
                + "error_code, alias, requests, errors, latency_sum_micros, latency_max_micros, latency_histogram, "
                + "member) values ('" + bucket + "', 'crm', 'tool', 'get_users', '" + key + "', 200, 0, '" + alias
                + "', " + requests + ", 0, 100, 50, array[" + requests + ",0,0,0,0,0,0,0,0,0,0,0,0,0,0,0], '')";
    }

    /** name|key columns|all columns of each index of {@code table}. */
    private static List<String> indexes(Statement statement, String table) throws SQLException {
        List<String> indexes = new ArrayList<>();
        try (ResultSet rows = statement.executeQuery("select c.relname, i.indnkeyatts, i.indnatts from pg_index i "
                + "join pg_class c on c.oid = i.indexrelid where i.indrelid = '" + table + "'::regclass")) {
            while (rows.next()) {
                indexes.add(rows.getString(1) + "|" + rows.getInt(2) + "|" + rows.getInt(3));
            }
        }
        return indexes;
    }

    private List<String> contents() throws SQLException {
        List<String> contents = new ArrayList<>();
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            for (String table : TABLES) {
                try (ResultSet rows = statement.executeQuery("select t::text from " + table
                        + " t order by bucket, key_id")) {
                    while (rows.next()) {
                        contents.add(table + " " + rows.getString(1));
                    }
                }
            }
        }
        return contents;
    }

    private static String single(Statement statement, String sql) throws SQLException {
        try (ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getString(1);
        }
    }

    private Flyway flyway(String target) {
        var configuration = Flyway.configure()
                .dataSource(database.jdbcUrl(), database.user(), database.password())
                .locations("classpath:db/migration");
        if (target != null) {
            configuration.target(target);
        }
        return configuration.load();
    }

    private Connection connect() throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", database.user());
        properties.setProperty("password", database.password() == null ? "" : database.password());
        return DriverManager.getConnection(database.jdbcUrl(), properties);
    }
}
