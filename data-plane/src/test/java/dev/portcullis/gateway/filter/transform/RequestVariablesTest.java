package dev.portcullis.gateway.filter.transform;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RequestVariablesTest {

    @Test
    void dropsControlCharactersThatCouldSplitAHeader() {
        assertThat(RequestVariables.sanitise("agent\r\nX-Admin: true\u0000\u007f\u0085")).isEqualTo(
                "agentX-Admin: true");
    }

    @Test
    void keepsOrdinaryTextAsItIs() {
        String value = "billing-agent (eu) Zoë";

        assertThat(RequestVariables.sanitise(value)).isSameAs(value);
    }

    @Test
    void boundsTheLengthWithoutSplittingASurrogatePair() {
        String value = "x".repeat(RequestVariables.MAX_VALUE - 1) + "\uD83D\uDE00" + "tail";

        String bounded = RequestVariables.sanitise(value);

        assertThat(bounded).hasSize(RequestVariables.MAX_VALUE - 1);
        assertThat(RequestVariables.sanitise("y".repeat(5000))).hasSize(RequestVariables.MAX_VALUE);
    }
}
