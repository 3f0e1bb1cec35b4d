package dev.portcullis.launcher.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class RestartBudgetTest {

    private Instant now = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void countsTheDeathsOfTheLastMinutePerChild() {
        RestartBudget budget = new RestartBudget(clock());

        assertThat(budget.recordDeath("gateway")).isEqualTo(1);
        now = now.plusSeconds(30);
        assertThat(budget.recordDeath("gateway")).isEqualTo(2);
        assertThat(budget.recordDeath("mock")).isEqualTo(1);
        now = now.plusSeconds(29);
        assertThat(budget.recordDeath("gateway")).isEqualTo(RestartBudget.MAX_DEATHS);
    }

    @Test
    void deathsOlderThanAMinuteNoLongerCount() {
        RestartBudget budget = new RestartBudget(clock());

        budget.recordDeath("gateway");
        now = now.plusSeconds(40);
        budget.recordDeath("gateway");
        now = now.plus(Duration.ofSeconds(40));

        assertThat(budget.recordDeath("gateway")).isEqualTo(2);
    }

    private Clock clock() {
        return new Clock() {
            @Override
            public ZoneOffset getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now;
            }
        };
    }
}
