package dev.portcullis.gateway.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LogTextTest {

    @Test
    void controlAndSpaceCharactersBecomeQuestionMarks() {
        assertThat(LogText.printable("get users\r\nFAKE LINE\t\u0000\u001b[31m", 64))
                .isEqualTo("get?users??FAKE?LINE???[31m");
    }

    @Test
    void longTextIsCutAndTheCutIsMarked() {
        assertThat(LogText.printable("a".repeat(200), 128)).isEqualTo("a".repeat(128) + "...");
        assertThat(LogText.printable("b".repeat(128), 128)).isEqualTo("b".repeat(128));
    }

    @Test
    void printableTextIsKept() {
        assertThat(LogText.printable("tools/call ünïcode_✓", 64)).isEqualTo("tools/call?ünïcode_✓");
    }
}
