package dev.portcullis.launcher.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProcessSpecTest {

    @Test
    void childrenDoNotInheritTheUsersPortcullisOrQuarkusSettings() {
        ProcessSpec spec = new ProcessSpec("control plane", List.of("java"), Map.of("PORTCULLIS_CP_PORT", "3100"),
                Path.of("."), Path.of("cp.log"));

        Map<String, String> environment = spec.environmentOver(Map.of("PATH", "/usr/bin", "HOME", "/home/me",
                "PORTCULLIS_DB_URL", "jdbc:postgresql://elsewhere/db", "PORTCULLIS_CP_PORT", "9999",
                "QUARKUS_HTTP_PORT", "1234"));

        assertThat(environment).containsOnly(Map.entry("PATH", "/usr/bin"), Map.entry("HOME", "/home/me"),
                Map.entry("PORTCULLIS_CP_PORT", "3100"));
    }

    @Test
    void aChildRunsAtTheLaunchersPriorityUnlessANicenessWithinZeroToNineteenIsGiven() {
        ProcessSpec spec = new ProcessSpec("control plane", List.of("java"), Map.of(), Path.of("."), Path.of("cp.log"));

        assertThat(spec.niceness()).isZero();
        assertThat(spec.withNiceness(10).niceness()).isEqualTo(10);
        assertThat(spec.withNiceness(10).command()).isEqualTo(spec.command());
        assertThatThrownBy(() -> spec.withNiceness(20)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> spec.withNiceness(-1)).isInstanceOf(IllegalArgumentException.class);
    }
}
