package dev.portcullis.gateway.filter.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class GcraTest {

    private static final long SECOND = 1_000_000;
    private final Gcra tenPerMinute = new Gcra(10, 60 * SECOND);

    @Test
    void allowsABurstOfExactlyTheLimitThenRefuses() {
        double tat = Double.NaN;
        for (int i = 0; i < 10; i++) {
            Gcra.Step step = tenPerMinute.step(tat, 0);
            assertThat(step.allowed()).as("request %d", i + 1).isTrue();
            assertThat(step.remaining()).isEqualTo(9 - i);
            tat = step.tat();
        }
        Gcra.Step eleventh = tenPerMinute.step(tat, 0);
        assertThat(eleventh.allowed()).isFalse();
        assertThat(eleventh.resetMicros()).as("one emission interval until the next request").isEqualTo(6 * SECOND);
    }

    @Test
    void refillsSmoothlyInsteadOfResettingAtAWindowEdge() {
        double tat = Double.NaN;
        for (int i = 0; i < 10; i++) {
            tat = tenPerMinute.step(tat, 0).tat();
        }
        assertThat(tenPerMinute.step(tat, 5 * SECOND).allowed()).isFalse();
        Gcra.Step atSix = tenPerMinute.step(tat, 6 * SECOND);
        assertThat(atSix.allowed()).isTrue();
        assertThat(atSix.remaining()).isZero();
        assertThat(tenPerMinute.step(atSix.tat(), 6 * SECOND).allowed())
                .as("a fixed window would allow a fresh burst here; GCRA allows one request per 6 s").isFalse();
    }

    @Test
    void aRefusedStepKeepsTheStoredState() {
        double tat = Double.NaN;
        for (int i = 0; i < 10; i++) {
            tat = tenPerMinute.step(tat, 0).tat();
        }
        Gcra.Step refused = tenPerMinute.step(tat, 0);
        assertThat(refused.tat()).isEqualTo(tat);
    }

    @Test
    void anIdleCounterIsFullAgainAfterOnePeriod() {
        double tat = Double.NaN;
        for (int i = 0; i < 10; i++) {
            tat = tenPerMinute.step(tat, 0).tat();
        }
        Gcra.Step later = tenPerMinute.step(tat, 60 * SECOND);
        assertThat(later.allowed()).isTrue();
        assertThat(later.remaining()).isEqualTo(9);
    }

    @Test
    void resetIsTheTimeUntilTheCounterIsFull() {
        Gcra.Step first = tenPerMinute.step(Double.NaN, 0);
        assertThat(first.resetMicros()).isEqualTo(6 * SECOND);
    }
}
