package dev.portcullis.model.proxy;

import dev.portcullis.model.validation.Violations;

/**
 * Passive health of balanced upstream targets: a target that fails {@code failures} requests in a row (it cannot be
 * reached, times out, or answers 5xx) gets no new sessions and no sessionless requests for {@code coolDownMs}; the
 * first request after that is a trial, and one success makes it healthy again.
 *
 * @param failures   failures in a row that take a target out, 1 to {@value #MAX_FAILURES} (default 3)
 * @param coolDownMs how long it stays out, {@value #MIN_COOL_DOWN_MS} ms to one hour (default 10 000)
 */
public record PassiveHealth(Integer failures, Integer coolDownMs) {

    public static final PassiveHealth DEFAULT = new PassiveHealth(null, null);
    public static final int MAX_FAILURES = 100;
    public static final int MIN_COOL_DOWN_MS = 100;
    public static final int MAX_COOL_DOWN_MS = 3_600_000;

    public PassiveHealth {
        failures = failures == null ? 3 : failures;
        coolDownMs = coolDownMs == null ? 10_000 : coolDownMs;
    }

    void validate(Violations at) {
        if (failures < 1 || failures > MAX_FAILURES) {
            at.add("failures", "must be between 1 and " + MAX_FAILURES);
        }
        if (coolDownMs < MIN_COOL_DOWN_MS || coolDownMs > MAX_COOL_DOWN_MS) {
            at.add("coolDownMs", "must be between " + MIN_COOL_DOWN_MS + " and " + MAX_COOL_DOWN_MS);
        }
    }
}
