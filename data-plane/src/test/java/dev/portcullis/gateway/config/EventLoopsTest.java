package dev.portcullis.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The event-loop count the gateway hands to Vert.x: its own setting, else Quarkus's, else one per core but one. */
class EventLoopsTest {

    @Test
    void defaultsToOneLoopPerCoreButOneAndAtLeastOne() {
        assertThat(EventLoops.byDefault(1)).isEqualTo(1);
        assertThat(EventLoops.byDefault(2)).isEqualTo(1);
        assertThat(EventLoops.byDefault(4)).isEqualTo(3);
        assertThat(EventLoops.byDefault(16)).isEqualTo(15);
        assertThat(loops(Map.of()))
                .isEqualTo(EventLoops.byDefault(Runtime.getRuntime().availableProcessors()));
    }

    @Test
    void theGatewaysSettingWinsOverQuarkussOwn() {
        assertThat(loops(Map.of(EventLoops.SETTING, " 3 "))).isEqualTo(3);
        assertThat(loops(Map.of(EventLoops.SETTING, "5", EventLoops.QUARKUS_SETTING, "7"))).isEqualTo(5);
        assertThat(loops(Map.of(EventLoops.QUARKUS_SETTING, "7"))).isEqualTo(7);
        assertThat(loops(Map.of(EventLoops.SETTING, "", EventLoops.QUARKUS_SETTING, "7"))).isEqualTo(7);
    }

    @Test
    void refusesWhatIsNotAWholeNumberFromOneTo1024NamingTheSetting() {
        for (String bad : new String[] {"0", "-1", "two", "1.5", "1025", "99999999999"}) {
            assertThatThrownBy(() -> loops(Map.of(EventLoops.SETTING, bad)))
                    .as(bad)
                    .hasStackTraceContaining("PORTCULLIS_GATEWAY_EVENT_LOOPS")
                    .hasStackTraceContaining("'" + bad + "'");
        }
        assertThat(loops(Map.of(EventLoops.SETTING, "1024"))).isEqualTo(1024);
    }

    @Test
    void leavesEveryOtherPropertyAlone() {
        SmallRyeConfig config = config(Map.of(EventLoops.SETTING, "3", "portcullis.gateway.port", "8080"));
        assertThat(config.getValue("portcullis.gateway.port", Integer.class)).isEqualTo(8080);
        assertThat(config.getOptionalValue("quarkus.vertx.worker-pool-size", Integer.class)).isEmpty();
    }

    private static int loops(Map<String, String> values) {
        return config(values).getValue(EventLoops.QUARKUS_SETTING, Integer.class);
    }

    private static SmallRyeConfig config(Map<String, String> values) {
        return new SmallRyeConfigBuilder()
                .withInterceptorFactories(new EventLoops())
                .withSources(new PropertiesConfigSource(values, "test", 500))
                .build();
    }
}
