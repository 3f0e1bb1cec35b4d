package dev.portcullis.controlplane.key;

import dev.portcullis.controlplane.common.ProblemException;
import dev.portcullis.model.validation.FieldError;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class KeyRequestTest {

    @Test
    void parsesAliasProxiesAndExpiry() {
        KeyRequest request = KeyRequest.parse("""
                {"alias": " agent ", "proxies": ["a", "b", "a"], "expiresAt": "2030-01-01T00:00:00Z"}""");

        assertThat(request.alias()).isEqualTo("agent");
        assertThat(request.proxies()).containsExactly("a", "b");
        assertThat(request.policies()).isEmpty();
        assertThat(request.expiresAt()).isEqualTo(Instant.parse("2030-01-01T00:00:00Z"));
    }

    @Test
    void reportsEveryBadFieldAtOnce() {
        ProblemException e = catchThrowableOfType(ProblemException.class, () -> KeyRequest.parse("""
                {"alias": 5, "proxies": ["ok", 3], "expiresAt": "next week", "owner": "x"}"""));

        assertThat(e.problem().status()).isEqualTo(400);
        assertThat(e.problem().errors()).extracting(FieldError::field)
                .containsExactlyInAnyOrder("alias", "proxies[1]", "expiresAt", "owner");
    }

    @Test
    void requiresAliasAndAtLeastOneProxy() {
        ProblemException e = catchThrowableOfType(ProblemException.class,
                () -> KeyRequest.parse("{\"alias\": \" \", \"proxies\": []}"));

        assertThat(e.problem().errors()).extracting(FieldError::field).containsExactlyInAnyOrder("alias", "proxies");
    }

    @Test
    void refusesAnAliasLongerThanAnalyticsRecordsKeep() {
        ProblemException e = catchThrowableOfType(ProblemException.class,
                () -> KeyRequest.parse("{\"alias\": \"%s\", \"proxies\": [\"p\"]}".formatted("a".repeat(129))));

        assertThat(e.problem().errors()).extracting(FieldError::message)
                .containsExactly("must be at most 128 characters");
        assertThat(KeyRequest.parse("{\"alias\": \"%s\", \"proxies\": [\"p\"]}".formatted("a".repeat(128)))
                .alias()).hasSize(128);
    }

    @Test
    void countsAnAliasInCharactersAsAnalyticsRecordsDo() {
        String emoji = "\uD83D\uDE80".repeat(128);

        assertThat(KeyRequest.parse("{\"alias\": \"%s\", \"proxies\": [\"p\"]}".formatted(emoji)).alias())
                .isEqualTo(emoji);
    }

    @Test
    void normalisesCertificateFingerprintsAndDropsDuplicates() {
        String hex = "0123456789abcdef".repeat(4);
        String colons = String.join(":", hex.toUpperCase().split("(?<=\\G..)"));

        KeyRequest request = KeyRequest.parse("""
                {"alias": "a", "proxies": ["p"], "certificateFingerprints": ["%s", "%s", " %s "]}"""
                .formatted(colons, hex, hex.toUpperCase()));

        assertThat(request.certificateFingerprints()).containsExactly(hex);
        assertThat(KeyRequest.parse("{\"alias\": \"a\", \"proxies\": [\"p\"]}").certificateFingerprints())
                .isNull();
        assertThat(KeyRequest.parse("""
                {"alias": "a", "proxies": ["p"], "certificateFingerprints": []}""").certificateFingerprints())
                .isEmpty();
    }

    @Test
    void namesEachBadCertificateFingerprint() {
        ProblemException e = catchThrowableOfType(ProblemException.class, () -> KeyRequest.parse("""
                {"alias": "a", "proxies": ["p"],
                 "certificateFingerprints": ["%s", "abc", 7, "%s"]}""".formatted("ab".repeat(32), "ab".repeat(33))));
        ProblemException notArray = catchThrowableOfType(ProblemException.class, () -> KeyRequest.parse("""
                {"alias": "a", "proxies": ["p"], "certificateFingerprints": "%s"}""".formatted("ab".repeat(32))));

        assertThat(e.problem().errors()).extracting(FieldError::field).containsExactly(
                "certificateFingerprints[1]", "certificateFingerprints[2]", "certificateFingerprints[3]");
        assertThat(e.problem().errors().get(0).message()).contains("SHA-256", "64 hex digits");
        assertThat(notArray.problem().errors()).extracting(FieldError::field)
                .containsExactly("certificateFingerprints");
    }

    @Test
    void acceptsPoliciesWithoutProxies() {
        KeyRequest request = KeyRequest.parse("{\"alias\": \"a\", \"policies\": [\"gold\", \"gold\", \"free\"]}");

        assertThat(request.proxies()).isEmpty();
        assertThat(request.policies()).containsExactly("gold", "free");
    }

    @Test
    void needsAProxyOrAPolicy() {
        ProblemException e = catchThrowableOfType(ProblemException.class,
                () -> KeyRequest.parse("{\"alias\": \"a\", \"proxies\": [], \"policies\": []}"));

        assertThat(e.problem().errors()).containsExactly(
                new FieldError("proxies", "a key needs at least one proxy or policy"));
    }
}
