package dev.portcullis.launcher.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portcullis.launcher.process.ProcessSpec;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class StackComponentTest {

    @Test
    void aStartAfterCloseSpawnsNothing() {
        AtomicInteger specsAsked = new AtomicInteger();
        StackComponent component = new StackComponent("mock", "127.0.0.1", 1, URI.create("http://127.0.0.1:1/health"),
                Duration.ofSeconds(1), () -> {
                    specsAsked.incrementAndGet();
                    return new ProcessSpec("mock", List.of("true"), Map.of(), Path.of("."), Path.of("mock.log"));
                });

        component.close();

        assertThatThrownBy(component::start).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
        assertThat(specsAsked).hasValue(0);
        assertThat(component.isAlive()).isFalse();
    }
}
