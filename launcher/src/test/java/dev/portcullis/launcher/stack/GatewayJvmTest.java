package dev.portcullis.launcher.stack;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class GatewayJvmTest {

    @Test
    void theStacksOwnOptionsComeAfterTheDefaultsSoTheyWin() {
        List<String> options = GatewayJvm.withDefaults(List.of("-Xmx384m", "-XX:TieredStopAtLevel=1"));

        assertThat(options).containsExactly("-Xmx192m", "-Xmn96m", "-XX:MetaspaceSize=64m",
                "-XX:+UseSerialGC", "-Xmx384m",
                "-XX:TieredStopAtLevel=1");
        assertThat(options.lastIndexOf("-Xmx384m")).isGreaterThan(options.indexOf("-Xmx192m"));
    }

    @Test
    void withoutOptionsTheGatewayGetsItsDefaults() {
        assertThat(GatewayJvm.withDefaults(List.of())).isEqualTo(GatewayJvm.DEFAULTS);
    }

    @Test
    void aStackThatSetsTheMaximumHeapDropsTheDefaultInitialHeapSoASmallMaximumStillStarts() {
        assertThat(GatewayJvm.withDefaults(List.of("-Xmx100m"))).doesNotContain("-Xms128m").endsWith("-Xmx100m");
        assertThat(GatewayJvm.withDefaults(List.of("-XX:MaxHeapSize=100m"))).doesNotContain("-Xms128m");
        assertThat(GatewayJvm.withDefaults(List.of("-XX:TieredStopAtLevel=1"))).contains("-Xms128m");
    }
}
