package dev.portcullis.gateway.filter.circuit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.gateway.request.BreakerSlot;
import dev.portcullis.model.proxy.CircuitBreaker;
import org.junit.jupiter.api.Test;

class CircuitBreakersTest {

    private final CircuitBreakers breakers = new CircuitBreakers();

    @Test
    void anEqualSlotFromANewSnapshotFindsTheSameBreakerAndItsState() {
        Breaker first = breakers.breaker(new BreakerSlot("p", "tool:t", new CircuitBreaker(1, 1, 60, true)));
        ((Breaker.Admission.Admitted) first.tryAcquire().join()).call().failed();

        Breaker again = breakers.breaker(new BreakerSlot("p", "tool:t", new CircuitBreaker(1, 1, 60, true)));

        assertThat(again).isSameAs(first);
        assertThat(again.tryAcquire().join()).isInstanceOf(Breaker.Admission.Refused.class);
    }

    @Test
    void changedSettingsStartAFreshBreakerAndDropTheFormerOne() {
        Breaker first = breakers.breaker(new BreakerSlot("p", "tool:t", new CircuitBreaker(1, 1, 60, true)));
        ((Breaker.Admission.Admitted) first.tryAcquire().join()).call().failed();
        breakers.breaker(new BreakerSlot("p", "tool:other", new CircuitBreaker(1, 1, 60, true)));

        Breaker changed = breakers.breaker(new BreakerSlot("p", "tool:t", new CircuitBreaker(1, 2, 60, true)));

        assertThat(changed).isNotSameAs(first);
        assertThat(changed.tryAcquire().join()).isInstanceOf(Breaker.Admission.Admitted.class);
        assertThat(breakers.size()).isEqualTo(2);
    }
}
