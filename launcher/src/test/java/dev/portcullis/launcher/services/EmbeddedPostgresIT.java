package dev.portcullis.launcher.services;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedPostgresIT {

    @TempDir
    Path directory;

    @Test
    void keepsDataInItsDirectoryAcrossRestarts() throws Exception {
        Path data = directory.resolve("postgres");
        Path log = directory.resolve("logs/postgres.log");

        try (EmbeddedPostgres postgres = EmbeddedPostgres.startPersistent(data, 0, log)) {
            postgres.server().createDatabaseIfMissing("portcullis");
            try (Connection connection = postgres.server().connect("portcullis");
                 var statement = connection.createStatement()) {
                statement.execute("CREATE TABLE kept (v text)");
                statement.execute("INSERT INTO kept VALUES ('survives')");
            }
        }

        try (EmbeddedPostgres postgres = EmbeddedPostgres.startPersistent(data, FreePorts.pick(), log)) {
            assertThat(postgres.server().host()).isEqualTo("127.0.0.1");
            try (Connection connection = postgres.server().connect("portcullis");
                 var statement = connection.createStatement();
                 var rows = statement.executeQuery("SELECT v FROM kept")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getString(1)).isEqualTo("survives");
            }
        }
        assertThat(Files.exists(data.resolve("PG_VERSION"))).isTrue();
    }

    @Test
    void temporaryServerAcceptsConnections() throws Exception {
        try (EmbeddedPostgres postgres = EmbeddedPostgres.startTemporary()) {
            assertThat(postgres.server().accepts(2)).isTrue();
        }
    }
}
