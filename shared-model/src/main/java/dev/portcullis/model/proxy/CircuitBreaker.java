package dev.portcullis.model.proxy;

import dev.portcullis.model.validation.FieldRules;
import dev.portcullis.model.validation.Violations;

/**
 * Opens when the failure ratio over the last {@code sampleSize} calls reaches {@code threshold}; stays open
 * {@code coolDownSeconds}; then, when {@code halfOpen} (the default), lets one trial call through, otherwise
 * closes again outright.
 */
public record CircuitBreaker(double threshold, int sampleSize, int coolDownSeconds, Boolean halfOpen) {

    public CircuitBreaker {
        halfOpen = halfOpen == null ? Boolean.TRUE : halfOpen;
    }

    public void validate(Violations at) {
        if (!(threshold > 0 && threshold <= 1)) {
            at.add("threshold", "must be greater than 0 and at most 1");
        }
        FieldRules.atLeast(at.at("sampleSize"), sampleSize, 1);
        FieldRules.atLeast(at.at("coolDownSeconds"), coolDownSeconds, 1);
    }
}
