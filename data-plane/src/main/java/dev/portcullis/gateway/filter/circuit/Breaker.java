package dev.portcullis.gateway.filter.circuit;

import dev.portcullis.gateway.request.BreakerSlot;
import dev.portcullis.model.proxy.CircuitBreaker;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import io.smallrye.faulttolerance.api.TypedGuard;
import jakarta.enterprise.util.TypeLiteral;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;
import org.jboss.logging.Logger;

/**
 * One circuit breaker, shared by every event loop of the gateway: SmallRye Fault Tolerance's
 * breaker over a rolling window of {@code sampleSize} calls that opens when the failure ratio reaches
 * {@code threshold}, stays open {@code coolDownSeconds}, then lets one trial call through (success threshold 1).
 *
 * <p>The guard runs without thread offload: the guarded action only hands back a stage that the forwarder
 * completes later, so nothing blocks and nothing leaves the caller's event loop. With {@code halfOpen: false} the
 * breaker closes outright after the cool-down: the guard is replaced by a fresh one (empty window) instead of
 * letting SmallRye move to half-open.
 */
final class Breaker {

    private static final Logger LOG = Logger.getLogger(Breaker.class);

    /** How a call attempt went: admitted (settle the call later) or refused because the breaker is open. */
    sealed interface Admission {
        record Admitted(BreakerCall call) implements Admission {
        }

        record Refused() implements Admission {
        }
    }

    private final BreakerSlot slot;
    private final AtomicReference<Guarded> guard = new AtomicReference<>();

    /** A guard and when it last opened (0 while it has not). */
    private static final class Guarded {
        private final TypedGuard<CompletionStage<Void>> guard;
        private volatile long openedAtNanos;
        private volatile CircuitBreakerState state = CircuitBreakerState.CLOSED;

        Guarded(BreakerSlot slot) {
            CircuitBreaker settings = slot.settings();
            this.guard = TypedGuard.create(new TypeLiteral<CompletionStage<Void>>() {
                    })
                    .withCircuitBreaker()
                    .requestVolumeThreshold(settings.sampleSize())
                    .failureRatio(settings.threshold())
                    .delay(settings.coolDownSeconds(), ChronoUnit.SECONDS)
                    .successThreshold(1)
                    .failOn(BreakerCall.UpstreamFailure.class)
                    .onStateChange(state -> {
                        this.state = state;
                        if (state == CircuitBreakerState.OPEN) {
                            openedAtNanos = System.nanoTime();
                        }
                        LOG.infof("circuit breaker of proxy %s %s is now %s", slot.proxyId(), slot.scope(), state);
                    })
                    .done()
                    .withThreadOffload(false)
                    .build();
        }
    }

    Breaker(BreakerSlot slot) {
        this.slot = slot;
        this.guard.set(new Guarded(slot));
    }

    BreakerSlot slot() {
        return slot;
    }

    /**
     * Asks to make one call; never blocks. Safe from any thread. The answer may come later: on a Vert.x event loop
     * SmallRye's Vert.x integration runs the guarded action on the same context after this method returns.
     */
    CompletableFuture<Admission> tryAcquire() {
        Guarded current = current();
        BreakerCall call = new BreakerCall();
        CompletableFuture<Admission> admission = new CompletableFuture<>();
        current.guard.get(() -> {
            admission.complete(new Admission.Admitted(call));
            return call.outcome();
        }).whenComplete((done, error) -> {
            if (error != null && isOpen(error)) {
                admission.complete(new Admission.Refused());
            } else if (error != null && !admission.isDone()) {
                admission.completeExceptionally(error);
            }
        });
        return admission;
    }

    /**
     * The state as metrics report it: 0 closed, 1 half-open, 2 open. With {@code halfOpen: false}, a breaker whose
     * cool-down has passed reports closed (the next call closes it outright). Safe from any thread.
     */
    int stateValue() {
        Guarded current = guard.get();
        CircuitBreakerState state = current.state;
        if (state == CircuitBreakerState.OPEN && !slot.settings().halfOpen() && coolDownOver(current)) {
            return 0;
        }
        return switch (state) {
            case CLOSED -> 0;
            case HALF_OPEN -> 1;
            case OPEN -> 2;
        };
    }

    private boolean coolDownOver(Guarded guarded) {
        long openedAt = guarded.openedAtNanos;
        return openedAt != 0 && System.nanoTime() - openedAt >= slot.settings().coolDownSeconds() * 1_000_000_000L;
    }

    private static boolean isOpen(Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        return cause instanceof CircuitBreakerOpenException;
    }

    private Guarded current() {
        Guarded current = guard.get();
        if (!slot.settings().halfOpen() && coolDownOver(current)) {
            Guarded fresh = new Guarded(slot);
            if (guard.compareAndSet(current, fresh)) {
                LOG.infof("circuit breaker of proxy %s %s closed after its cool-down (halfOpen off)",
                        slot.proxyId(), slot.scope());
                return fresh;
            }
            return guard.get();
        }
        return current;
    }
}
