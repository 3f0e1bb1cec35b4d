package dev.portcullis.model.policy;

import dev.portcullis.model.proxy.RateLimit;
import dev.portcullis.model.validation.FieldRules;
import dev.portcullis.model.validation.Violations;

import java.util.Set;

/**
 * A per-consumer rate limit and/or quota on one primitive.
 *
 * @param type  {@code tool}, {@code resource} or {@code prompt}
 * @param name  tool or prompt name, or resource URI
 * @param limit null = no rate limit
 * @param quota null = no quota
 */
public record PrimitiveLimit(String type, String name, RateLimit limit, Quota quota) {

    public static final Set<String> TYPES = Set.of("tool", "resource", "prompt");

    public void validate(Violations at) {
        if (type == null || !TYPES.contains(type)) {
            at.add("type", "must be one of tool, resource, prompt");
        }
        FieldRules.notBlank(at.at("name"), name, 2048);
        if (limit == null && quota == null) {
            at.add("must set limit or quota");
        }
        if (limit != null) {
            limit.validate(at.at("limit"));
        }
        if (quota != null) {
            quota.validate(at.at("quota"));
        }
    }
}
