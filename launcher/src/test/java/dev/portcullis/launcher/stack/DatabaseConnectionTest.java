package dev.portcullis.launcher.stack;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DatabaseConnectionTest {

    @Test
    void aDisplayedUrlKeepsHostAndDatabaseButNoCredential() {
        assertThat(DatabaseConnection.displayable("jdbc:postgresql://db.example.com:5432/portcullis?user=app"
                + "&password=s3cret&sslmode=verify-full")).isEqualTo("jdbc:postgresql://db.example.com:5432/portcullis?...");
        assertThat(DatabaseConnection.displayable("jdbc:postgresql://app:s3cret@db:5432/portcullis"))
                .isEqualTo("jdbc:postgresql://***@db:5432/portcullis");
        assertThat(DatabaseConnection.displayable("jdbc:postgresql://127.0.0.1:5432/portcullis"))
                .isEqualTo("jdbc:postgresql://127.0.0.1:5432/portcullis");
    }

    @Test
    void toStringNeverShowsThePassword() {
        assertThat(new DatabaseConnection("jdbc:postgresql://h/db?password=s3cret", "app", "pw2").toString())
                .doesNotContain("s3cret").doesNotContain("pw2");
    }
}
