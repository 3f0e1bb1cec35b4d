package dev.portcullis.model.policy;

import dev.portcullis.model.proxy.RateLimit;
import dev.portcullis.model.validation.FieldRules;
import dev.portcullis.model.validation.Violations;

/** A per-consumer rate limit on one JSON-RPC method ({@code tools/call}). */
public record MethodLimit(String name, RateLimit limit) {

    public void validate(Violations at) {
        FieldRules.notBlank(at.at("name"), name, 200);
        if (FieldRules.required(at.at("limit"), limit)) {
            limit.validate(at.at("limit"));
        }
    }
}
