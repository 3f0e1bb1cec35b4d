package dev.portcullis.gateway.filter.circuit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.portcullis.gateway.request.BreakerSlot;
import dev.portcullis.model.proxy.CircuitBreaker;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class BreakerTest {

    private static Breaker breaker(double threshold, int sampleSize, boolean halfOpen) {
        return new Breaker(new BreakerSlot("p", "tool:t", new CircuitBreaker(threshold, sampleSize, 1, halfOpen)));
    }

    private static BreakerCall admitted(Breaker breaker) {
        Breaker.Admission admission = breaker.tryAcquire().join();
        assertThat(admission).isInstanceOf(Breaker.Admission.Admitted.class);
        return ((Breaker.Admission.Admitted) admission).call();
    }

    @Test
    void opensWhenTheFailureRatioOfAFullSampleReachesTheThreshold() {
        Breaker breaker = breaker(0.5, 4, true);
        admitted(breaker).succeeded();
        admitted(breaker).failed();
        admitted(breaker).succeeded();

        assertThat(breaker.tryAcquire().join()).isInstanceOf(Breaker.Admission.Admitted.class);
    }

    @Test
    void refusesWhileOpenThenLetsOneTrialThroughAfterTheCoolDown() {
        Breaker breaker = breaker(0.5, 2, true);
        admitted(breaker).failed();
        admitted(breaker).failed();

        assertThat(breaker.tryAcquire().join()).isInstanceOf(Breaker.Admission.Refused.class);
        await().atMost(Duration.ofSeconds(3)).until(() -> breaker.tryAcquire().join() instanceof Breaker.Admission.Admitted a
                && park(a.call()));
        assertThat(breaker.tryAcquire().join()).as("only one trial while half-open")
                .isInstanceOf(Breaker.Admission.Refused.class);
        trial.succeeded();
        assertThat(breaker.tryAcquire().join()).isInstanceOf(Breaker.Admission.Admitted.class);
    }

    @Test
    void aFailedTrialOpensTheBreakerAgain() {
        Breaker breaker = breaker(1, 1, true);
        admitted(breaker).failed();
        await().atMost(Duration.ofSeconds(3)).until(() -> breaker.tryAcquire().join() instanceof Breaker.Admission.Admitted a
                && park(a.call()));

        trial.failed();

        assertThat(breaker.tryAcquire().join()).isInstanceOf(Breaker.Admission.Refused.class);
    }

    @Test
    void withoutHalfOpenTheBreakerClosesOutrightAfterTheCoolDown() {
        Breaker breaker = breaker(1, 1, false);
        admitted(breaker).failed();
        assertThat(breaker.tryAcquire().join()).isInstanceOf(Breaker.Admission.Refused.class);
        await().atMost(Duration.ofSeconds(3)).until(() -> breaker.tryAcquire().join() instanceof Breaker.Admission.Admitted a
                && park(a.call()));

        assertThat(breaker.tryAcquire().join()).as("closed, not half-open: more than one call passes")
                .isInstanceOf(Breaker.Admission.Admitted.class);
    }

    private BreakerCall trial;

    private boolean park(BreakerCall call) {
        trial = call;
        return true;
    }
}
