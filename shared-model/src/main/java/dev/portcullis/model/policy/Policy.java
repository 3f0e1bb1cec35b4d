package dev.portcullis.model.policy;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.portcullis.model.Immutable;
import dev.portcullis.model.json.Json;
import dev.portcullis.model.json.StrictJsonReader;
import dev.portcullis.model.validation.FieldError;
import dev.portcullis.model.validation.FieldRules;
import dev.portcullis.model.validation.ValidationException;
import dev.portcullis.model.validation.Violations;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A set of access rights and limits that keys and JWT consumers reference by id.
 * Like {@code ProxyDefinition}, the constructor normalizes and {@link #validate()} reports every problem.
 * {@code id} may be null here (the control plane assigns one on create); a snapshot requires it.
 *
 * @param rate         with {@code per}: per-key limit across all proxies of the policy; both null = none
 * @param quota        null = no quota
 * @param accessRights one entry per granted proxy id; a proxy not listed is not granted
 */
public record Policy(String id, String name, Long rate, Long per, Quota quota,
                     @JsonAlias("access_rights") Map<String, AccessRight> accessRights) {

    private static final StrictJsonReader<Policy> READER = new StrictJsonReader<>(Policy.class);

    public Policy {
        accessRights = Immutable.map(accessRights);
    }

    /**
     * Binds and validates; throws {@link ValidationException} listing every problem. Accepts Tyk's spellings
     * (snake_case names, top-level {@code quota_max} / {@code quota_renewal_rate}, {@code api_id} and
     * {@code api_name} in access rights); the result, and its JSON, is always camelCase.
     */
    public static Policy parse(byte[] json) {
        JsonNode tree;
        try {
            tree = Json.mapper().readTree(json);
        } catch (IOException e) {
            return READER.read(json, Policy::validate); // reports the malformed JSON with its position
        }
        if (!(tree instanceof ObjectNode object)) {
            return READER.read(json, Policy::validate);
        }
        List<FieldError> errors = new ArrayList<>(TykPolicyFields.rewrite(object));
        Policy policy = null;
        try {
            policy = READER.read(Json.write(object), Policy::validate);
        } catch (ValidationException e) {
            errors.addAll(e.errors());
        }
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        return policy;
    }

    public static Policy parse(String json) {
        return parse(json.getBytes(StandardCharsets.UTF_8));
    }

    public List<FieldError> validate() {
        Violations root = Violations.root();
        validate(root);
        return root.list();
    }

    public void validate(Violations at) {
        if (id != null) {
            FieldRules.id(at.at("id"), id);
        }
        FieldRules.notBlank(at.at("name"), name, 200);
        if ((rate == null) != (per == null)) {
            at.add(rate == null ? "rate" : "per", "is required when " + (rate == null ? "per" : "rate") + " is set");
        }
        FieldRules.positive(at.at("rate"), rate);
        FieldRules.positive(at.at("per"), per);
        if (quota != null) {
            quota.validate(at.at("quota"));
        }
        Violations rights = at.at("accessRights");
        accessRights.forEach((proxyId, right) -> {
            Violations entry = rights.at(proxyId);
            FieldRules.id(entry, proxyId);
            if (right != null) {
                right.validate(entry);
            } else {
                entry.add("must not be null");
            }
        });
    }
}
