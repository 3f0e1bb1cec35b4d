package dev.portcullis.model.policy;

import com.fasterxml.jackson.annotation.JsonAlias;
import dev.portcullis.model.validation.FieldRules;
import dev.portcullis.model.validation.Violations;

/** At most {@code max} requests per fixed period of {@code renewalSeconds}, which resets at a known time. */
public record Quota(long max, @JsonAlias("renewal_seconds") long renewalSeconds) {

    public void validate(Violations at) {
        FieldRules.positive(at.at("max"), max);
        FieldRules.positive(at.at("renewalSeconds"), renewalSeconds);
    }
}
