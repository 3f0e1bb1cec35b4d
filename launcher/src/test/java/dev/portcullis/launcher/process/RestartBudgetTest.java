package dev.portcullis.launcher.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RestartBudgetTest {

    private final SettableClock clock = new SettableClock(Instant.parse("2026-01-01T00:00:00Z"));

    @Test
    void countsTheDeathsOfTheLastMinutePerChild() {
        RestartBudget budget = new RestartBudget(clock);

        assertThat(budget.recordDeath("gateway")).isEqualTo(1);
        clock.advance(Duration.ofSeconds(30));
        assertThat(budget.recordDeath("gateway")).isEqualTo(2);
        assertThat(budget.recordDeath("mock")).isEqualTo(1);
        clock.advance(Duration.ofSeconds(29));
        assertThat(budget.recordDeath("gateway")).isEqualTo(RestartBudget.MAX_DEATHS);
    }

    @Test
    void deathsOlderThanAMinuteNoLongerCount() {
        RestartBudget budget = new RestartBudget(clock);

        budget.recordDeath("gateway");
        clock.advance(Duration.ofSeconds(40));
        budget.recordDeath("gateway");
        clock.advance(Duration.ofSeconds(40));

        assertThat(budget.recordDeath("gateway")).isEqualTo(2);
    }
}
