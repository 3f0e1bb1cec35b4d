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
}
