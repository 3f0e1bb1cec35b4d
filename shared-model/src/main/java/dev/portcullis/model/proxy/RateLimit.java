package dev.portcullis.model.proxy;

import dev.portcullis.model.validation.FieldRules;
import dev.portcullis.model.validation.Violations;

/**
 * At most {@code rate} requests in any window of {@code per} seconds (smooth, not a fixed window).
 * Absent numbers bind as 0 and are reported by {@link #validate}.
 */
public record RateLimit(long rate, long per) {

    public void validate(Violations at) {
        FieldRules.positive(at.at("rate"), rate);
        FieldRules.positive(at.at("per"), per);
    }
}
