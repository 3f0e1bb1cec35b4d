package dev.portcullis.controlplane.analytics;

import org.junit.jupiter.api.Test;

import java.sql.SQLException;

import static org.assertj.core.api.Assertions.assertThat;

class DeadLetterTest {

    @Test
    void keepsTheStartOfALongPayloadAndItsWholeLength() {
        DeadLetter letter = DeadLetter.of("p:analytics", new StreamEntry("1-0", "x".repeat(50_000)), "refused");

        assertThat(letter.payload()).hasSize(DeadLetter.MAX_PAYLOAD);
        assertThat(letter.payloadLength()).isEqualTo(50_000);
    }

    @Test
    void neverCutsASurrogatePairAndReplacesNulCharactersPostgresCannotStore() {
        String payload = "a".repeat(DeadLetter.MAX_PAYLOAD - 1) + "\uD83D\uDE00";
        DeadLetter cut = DeadLetter.of("s", new StreamEntry("1-0", payload), "e");
        DeadLetter nul = DeadLetter.of("s", new StreamEntry("1-1", "{\"a\":\"\0\"}"), "bad \0 byte");

        assertThat(cut.payload()).hasSize(DeadLetter.MAX_PAYLOAD - 1);
        assertThat(nul.payload()).isEqualTo("{\"a\":\"\uFFFD\"}");
        assertThat(nul.error()).doesNotContain("\0");
    }

    @Test
    void anEntryWithoutARecordHasAnEmptyPayloadAndABoundedError() {
        DeadLetter letter = DeadLetter.of("s", new StreamEntry("1-0", null), "e".repeat(10_000));

        assertThat(letter.payload()).isEmpty();
        assertThat(letter.payloadLength()).isZero();
        assertThat(letter.error()).hasSize(DeadLetter.MAX_ERROR);
    }

    @Test
    void treatsDataPostgresRefusesAsTheRecordsFaultAndEverythingElseAsTheDatabases() {
        assertThat(DatabaseRefusal.ofData(new SQLException("index row too big", "54000"))).isTrue();
        assertThat(DatabaseRefusal.ofData(new SQLException("invalid byte sequence", "22021"))).isTrue();
        assertThat(DatabaseRefusal.ofData(new SQLException("not null", "23502"))).isTrue();
        assertThat(DatabaseRefusal.ofData(new IllegalStateException("a bug on one record"))).isTrue();
        assertThat(DatabaseRefusal.ofData(new SQLException("connection lost", "08006"))).isFalse();
        assertThat(DatabaseRefusal.ofData(new SQLException("deadlock", "40P01"))).isFalse();
        assertThat(DatabaseRefusal.ofData(new SQLException("disk full", "53100"))).isFalse();
        assertThat(DatabaseRefusal.ofData(new SQLException("permission denied", "42501"))).isFalse();
        assertThat(DatabaseRefusal.ofData(new SQLException("no state"))).isFalse();
    }

    @Test
    void describesAnErrorByItsStateAndFirstLineOnly() {
        SQLException e = new SQLException("ERROR: index row requires 20040 bytes\n  Detail: Failing row contains (x)",
                "54000");

        assertThat(DatabaseRefusal.describe(e)).isEqualTo("SQLSTATE 54000: ERROR: index row requires 20040 bytes");
        assertThat(DatabaseRefusal.describe(new IllegalStateException("secret"))).doesNotContain("secret");
        assertThat(DatabaseRefusal.describe(new SQLException("invalid input syntax: \"" + "9".repeat(20_000) + "\"",
                "22007"))).hasSize(DeadLetter.MAX_ERROR);
    }
}
