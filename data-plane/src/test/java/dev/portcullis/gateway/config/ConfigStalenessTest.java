package dev.portcullis.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portcullis.gateway.config.ConfigStaleness.StaleReadiness;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ConfigStalenessTest {

    @Test
    void readsDurationsWithOrWithoutAUnit() {
        assertThat(ConfigStaleness.duration("300")).isEqualTo(Duration.ofSeconds(300));
        assertThat(ConfigStaleness.duration("90s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(ConfigStaleness.duration("5m")).isEqualTo(Duration.ofMinutes(5));
        assertThat(ConfigStaleness.duration("1h")).isEqualTo(Duration.ofHours(1));
        assertThat(ConfigStaleness.duration("1500ms")).isEqualTo(Duration.ofMillis(1500));
        assertThat(ConfigStaleness.duration("PT2M")).isEqualTo(Duration.ofMinutes(2));
    }

    @Test
    void defaultsToFiveMinutesServingStale() {
        assertThat(ConfigStaleness.parse("5m", "serve-stale")).isEqualTo(ConfigStaleness.DEFAULT);
        assertThat(ConfigStaleness.parse("10s", "NOT-READY").readiness()).isEqualTo(StaleReadiness.NOT_READY);
    }

    @Test
    void refusesAnUnknownReadinessNamingTheSetting() {
        assertThatThrownBy(() -> ConfigStaleness.parse("5m", "down"))
                .hasMessageContaining("PORTCULLIS_STALE_CONFIG_READINESS").hasMessageContaining("'down'");
    }

    @Test
    void refusesDurationsThatAreNotPositive() {
        assertThatThrownBy(() -> ConfigStaleness.parse("0", "serve-stale"))
                .hasMessageContaining("PORTCULLIS_CONFIG_STALE_AFTER must be positive");
        assertThatThrownBy(() -> ConfigStaleness.parse("-5m", "serve-stale"))
                .hasMessageContaining("PORTCULLIS_CONFIG_STALE_AFTER");
        assertThatThrownBy(() -> ConfigStaleness.parse("five minutes", "serve-stale"))
                .hasMessageContaining("PORTCULLIS_CONFIG_STALE_AFTER");
    }
}
