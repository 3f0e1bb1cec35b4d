package dev.portcullis.launcher.up;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UpSettingsTest {

    private static final Path ROOT = Path.of("/repo");

    @Test
    void idleCpuPriorityIsOnUnlessTurnedOff() {
        assertThat(UpSettings.fromEnvironment(ROOT, Map.of()).idleCpu()).isTrue();
        assertThat(UpSettings.fromEnvironment(ROOT, Map.of("PORTCULLIS_IDLE_CPU", " ON ")).idleCpu()).isTrue();
        assertThat(UpSettings.fromEnvironment(ROOT, Map.of("PORTCULLIS_IDLE_CPU", "")).idleCpu()).isTrue();
        assertThat(UpSettings.fromEnvironment(ROOT, Map.of("PORTCULLIS_IDLE_CPU", "off")).idleCpu()).isFalse();
        assertThat(UpSettings.fromEnvironment(ROOT, Map.of("PORTCULLIS_IDLE_CPU", "Off")).idleCpu()).isFalse();
    }

    @Test
    void anyOtherIdleCpuValueIsRefusedByName() {
        assertThatThrownBy(() -> UpSettings.fromEnvironment(ROOT, Map.of("PORTCULLIS_IDLE_CPU", "false")))
                .isInstanceOf(UpFailure.class)
                .hasMessage("PORTCULLIS_IDLE_CPU must be on or off, got \"false\"");
    }
}
