package dev.portcullis.gateway.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ReconnectBackoffTest {

    @Test
    void doublesUpToTheCapWithoutJitterAtTheTop() {
        ReconnectBackoff backoff = new ReconnectBackoff(Duration.ofMillis(200), Duration.ofSeconds(5), () -> 0.999999);

        assertThat(backoff.next()).isEqualTo(Duration.ofMillis(200));
        assertThat(backoff.next()).isEqualTo(Duration.ofMillis(400));
        assertThat(backoff.next()).isEqualTo(Duration.ofMillis(800));
        for (int i = 0; i < 10; i++) {
            backoff.next();
        }
        assertThat(backoff.next()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void jitterDrawsBetweenHalfAndAllOfTheStep() {
        ReconnectBackoff low = new ReconnectBackoff(Duration.ofMillis(200), Duration.ofSeconds(5), () -> 0.0);

        assertThat(low.next()).isEqualTo(Duration.ofMillis(100));
        assertThat(low.next()).isEqualTo(Duration.ofMillis(200));
    }

    @Test
    void startsOverAfterAReset() {
        ReconnectBackoff backoff = new ReconnectBackoff(Duration.ofMillis(200), Duration.ofSeconds(5), () -> 0.999999);
        backoff.next();
        backoff.next();

        backoff.reset();

        assertThat(backoff.next()).isEqualTo(Duration.ofMillis(200));
    }
}
