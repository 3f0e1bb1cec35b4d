package dev.portcullis.launcher.services;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PostgresServerTest {

    @Test
    void readsHostAndPortFromAJdbcUrlAndIgnoresItsDatabase() {
        PostgresServer server = PostgresServer.fromJdbcUrl("jdbc:postgresql://db.local:6543/other?ssl=false",
                "app", "pw");
        assertThat(server).isEqualTo(new PostgresServer("db.local", 6543, "app", "pw"));
        assertThat(server.jdbcUrl("portcullis_test_1")).isEqualTo("jdbc:postgresql://db.local:6543/portcullis_test_1");
    }

    @Test
    void defaultsToPort5432AndRolePostgres() {
        assertThat(PostgresServer.fromJdbcUrl("jdbc:postgresql://127.0.0.1/x", null, null))
                .isEqualTo(new PostgresServer("127.0.0.1", 5432, "postgres", ""));
    }

    @Test
    void rejectsNonPostgresUrls() {
        assertThatThrownBy(() -> PostgresServer.fromJdbcUrl("jdbc:mysql://h/x", "u", "p"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesToDropADatabaseWhoseNameIsNotAPlainIdentifier() {
        PostgresServer server = new PostgresServer("127.0.0.1", 1, "postgres", "");
        assertThatThrownBy(() -> server.dropDatabase("x\"; DROP DATABASE postgres; --"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
