package dev.portcullis.gateway.sync;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * Delays between reconnect attempts of the config feed: exponential from {@code min}, capped at {@code max}, with
 * "equal jitter" (each delay is drawn between half and all of the current step), so a fleet of gateways that lost
 * the same control plane does not reconnect in lockstep. {@link #reset} after a stream has delivered a snapshot.
 * Not thread-safe: {@link ConfigFeed} confines it to its event loop.
 */
final class ReconnectBackoff {

    private final Duration min;
    private final Duration max;
    private final DoubleSupplier random;
    private Duration step;

    /** @param random uniform in [0, 1) */
    ReconnectBackoff(Duration min, Duration max, DoubleSupplier random) {
        this.min = min;
        this.max = max;
        this.random = random;
        this.step = min;
    }

    /** The delay before the next attempt; each call doubles the step up to the cap. */
    Duration next() {
        long stepMs = step.toMillis();
        long delayMs = stepMs / 2 + (long) (random.getAsDouble() * (stepMs - stepMs / 2 + 1));
        Duration doubled = step.multipliedBy(2);
        step = doubled.compareTo(max) > 0 ? max : doubled;
        return Duration.ofMillis(Math.max(1, Math.min(delayMs, max.toMillis())));
    }

    void reset() {
        step = min;
    }
}
