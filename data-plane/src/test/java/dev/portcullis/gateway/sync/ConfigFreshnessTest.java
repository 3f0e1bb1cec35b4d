package dev.portcullis.gateway.sync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.gateway.config.ConfigStaleness;
import dev.portcullis.gateway.config.ConfigStaleness.StaleReadiness;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ConfigFreshnessTest {

    private final AtomicLong now = new AtomicLong(1_000);

    private ConfigFreshness freshness(StaleReadiness readiness) {
        return new ConfigFreshness(new ConfigStaleness(Duration.ofMinutes(5), readiness), now::get);
    }

    private void advance(Duration by) {
        now.addAndGet(by.toNanos());
    }

    @Test
    void countsFromTheStartUntilAControlPlaneConfirms() {
        ConfigFreshness freshness = freshness(StaleReadiness.SERVE_STALE);
        advance(Duration.ofSeconds(30));

        assertThat(freshness.age()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void staysCurrentWhileTheStreamThatConfirmedItIsOpen() {
        ConfigFreshness freshness = freshness(StaleReadiness.NOT_READY);
        freshness.streamOpened();
        freshness.confirmed();

        advance(Duration.ofHours(1));

        assertThat(freshness.age()).isZero();
        assertThat(freshness.stale()).isFalse();
    }

    @Test
    void agesFromTheMomentTheStreamIsLost() {
        ConfigFreshness freshness = freshness(StaleReadiness.NOT_READY);
        freshness.streamOpened();
        freshness.confirmed();
        advance(Duration.ofHours(1));

        freshness.streamLost();
        advance(Duration.ofMinutes(5));

        assertThat(freshness.age()).isEqualTo(Duration.ofMinutes(5));
        assertThat(freshness.stale()).isFalse();
        advance(Duration.ofSeconds(1));
        assertThat(freshness.stale()).isTrue();
        assertThat(freshness.holdsReadinessDown()).isTrue();
    }

    @Test
    void aResyncWithoutStreamConfirmsOnlyThatMoment() {
        ConfigFreshness freshness = freshness(StaleReadiness.SERVE_STALE);
        advance(Duration.ofMinutes(10));

        freshness.confirmed();
        advance(Duration.ofSeconds(20));

        assertThat(freshness.age()).isEqualTo(Duration.ofSeconds(20));
    }

    @Test
    void aRefusedSnapshotEndsTheConfirmationOfAnOpenStream() {
        ConfigFreshness freshness = freshness(StaleReadiness.SERVE_STALE);
        freshness.streamOpened();
        freshness.confirmed();
        advance(Duration.ofMinutes(1));

        freshness.refused();
        advance(Duration.ofMinutes(6));

        assertThat(freshness.stale()).isTrue();
        assertThat(freshness.holdsReadinessDown()).isFalse();
    }
}
