package dev.portcullis.gateway.observe;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SessionIdHashTest {

    @Test
    void isTheFirstSixteenHexDigitsOfSha256AndTheSameOnEveryCall() {
        assertThat(RequestObservation.sessionIdHash("abc")).isEqualTo("ba7816bf8f01cfea");
        assertThat(RequestObservation.sessionIdHash("abc")).isEqualTo("ba7816bf8f01cfea");
        assertThat(RequestObservation.sessionIdHash("abd")).isNotEqualTo("ba7816bf8f01cfea").hasSize(16);
    }

    @Test
    void noSessionNoHash() {
        assertThat(RequestObservation.sessionIdHash(null)).isNull();
        assertThat(RequestObservation.sessionIdHash("")).isNull();
    }

    @Test
    void remembersSessionsWithoutMixingThemUp() throws Exception {
        java.security.MessageDigest sha256 = java.security.MessageDigest.getInstance("SHA-256");
        java.util.SplittableRandom random = new java.util.SplittableRandom(7);
        java.util.List<String> ids = new java.util.ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            ids.add("session-" + random.nextInt(600) + "-\u00e9");
        }
        for (String id : ids) {
            String expected = java.util.HexFormat.of().formatHex(
                    sha256.digest(id.getBytes(java.nio.charset.StandardCharsets.UTF_8)), 0, 8);
            assertThat(RequestObservation.sessionIdHash(id)).as(id).isEqualTo(expected);
        }
    }
}
