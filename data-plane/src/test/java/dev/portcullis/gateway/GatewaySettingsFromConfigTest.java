package dev.portcullis.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portcullis.gateway.config.ConfigStaleness.StaleReadiness;
import dev.portcullis.gateway.config.GatewayConfig;
import dev.portcullis.gateway.config.GatewaySettings;
import dev.portcullis.model.snapshot.Ed25519Keys;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The settings the gateway starts with, read from its configuration as Quarkus maps it; bad values stop the start. */
class GatewaySettingsFromConfigTest {

    private static final String PUBLIC_KEY = Ed25519Keys.publicToBase64(Ed25519Keys.generate().getPublic());

    @Test
    void readsSeveralControlPlanesAndTheStaleConfigSettings() {
        GatewaySettings settings = settings(Map.of(
                "portcullis.control-plane-url", "http://cp-1:3000, http://cp-2:3000",
                "portcullis.config-stale-after", "90s",
                "portcullis.stale-config-readiness", "not-ready"));

        assertThat(settings.controlPlaneUrls()).containsExactly(URI.create("http://cp-1:3000"),
                URI.create("http://cp-2:3000"));
        assertThat(settings.staleness().after()).isEqualTo(Duration.ofSeconds(90));
        assertThat(settings.staleness().readiness()).isEqualTo(StaleReadiness.NOT_READY);
    }

    @Test
    void defaultsToOneLocalControlPlaneAndFiveMinutesServingStale() {
        GatewaySettings settings = settings(Map.of());

        assertThat(settings.controlPlaneUrls()).containsExactly(URI.create("http://127.0.0.1:3000"));
        assertThat(settings.staleness().after()).isEqualTo(Duration.ofMinutes(5));
        assertThat(settings.staleness().readiness()).isEqualTo(StaleReadiness.SERVE_STALE);
    }

    @Test
    void servesAgentsWithOneInstancePerEventLoopUnlessToldOtherwise() {
        assertThat(settings(Map.of()).instances()).isEqualTo(3);
        assertThat(settings(Map.of("portcullis.gateway.instances", "5")).instances()).isEqualTo(5);
    }

    @Test
    void refusesToStartWithAnInvalidValueNamingTheSetting() {
        assertThatThrownBy(() -> settings(Map.of("portcullis.stale-config-readiness", "ready")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("PORTCULLIS_STALE_CONFIG_READINESS");
        assertThatThrownBy(() -> settings(Map.of("portcullis.config-stale-after", "0s")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("PORTCULLIS_CONFIG_STALE_AFTER");
        assertThatThrownBy(() -> settings(Map.of("portcullis.control-plane-url", "http://cp-1:3000,")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("PORTCULLIS_CONTROL_PLANE_URL");
    }

    private static GatewaySettings settings(Map<String, String> values) {
        Map<String, String> all = new HashMap<>(values);
        all.put("portcullis.feed.public-key", PUBLIC_KEY);
        all.put("portcullis.gateway.id", "gw-test");
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withMapping(GatewayConfig.class)
                .withSources(new PropertiesConfigSource(all, "test", 500))
                .build();
        return GatewayLifecycle.settings(config.getConfigMapping(GatewayConfig.class), 3); // three event loops
    }
}
