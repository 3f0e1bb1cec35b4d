package dev.portcullis.model.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.portcullis.model.validation.FieldError;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Rewrites the Tyk policy fields that have no one-to-one record component into Portcullis's shape, before
 * binding. Simple snake_case spellings ({@code access_rights}, {@code renewal_seconds}, ...) are plain
 * {@code @JsonAlias}es on the records; this class handles the rest:
 * <ul>
 *   <li>top-level {@code quota_max} + {@code quota_renewal_rate} become {@code quota {max, renewalSeconds}};
 *       {@code quota_max: -1} is Tyk's "unlimited" and means no quota;</li>
 *   <li>{@code api_id} inside an access right must equal the proxy id it is keyed by, and is then dropped;
 *       {@code api_name} is informational and dropped;</li>
 *   <li>a field given in both spellings ({@code accessRights} and {@code access_rights}) is an error: Jackson
 *       would silently keep one of them.</li>
 * </ul>
 * Errors name the Tyk field as written ({@code quota_max}, {@code accessRights.mock-mcp.api_id}).
 */
final class TykPolicyFields {

    static final String QUOTA_MAX = "quota_max";
    static final String QUOTA_RENEWAL_RATE = "quota_renewal_rate";
    private static final long UNLIMITED = -1;

    private TykPolicyFields() {
    }

    /** Rewrites {@code policy} in place and returns the problems found in the Tyk fields. */
    static List<FieldError> rewrite(ObjectNode policy) {
        List<FieldError> errors = new ArrayList<>();
        duplicateSpellings(policy, "", false, errors);
        quota(policy, errors);
        JsonNode rights = policy.has("accessRights") ? policy.get("accessRights") : policy.get("access_rights");
        if (rights instanceof ObjectNode byProxy) {
            for (Iterator<Map.Entry<String, JsonNode>> it = byProxy.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> entry = it.next();
                if (entry.getValue() instanceof ObjectNode right) {
                    apiFields(entry.getKey(), right, errors);
                }
            }
        }
        return errors;
    }

    /**
     * Reports and drops the snake_case twin of every camelCase field present in the same object, at any depth.
     * The keys of {@code accessRights} are proxy ids, not fields ({@code a_b} and {@code aB} may both exist).
     */
    private static void duplicateSpellings(JsonNode node, String path, boolean keysAreIds, List<FieldError> errors) {
        if (node instanceof ObjectNode object) {
            List<String> twins = new ArrayList<>();
            object.fieldNames().forEachRemaining(name -> {
                String camel = camelCase(name);
                if (!keysAreIds && !camel.equals(name) && object.has(camel)) {
                    twins.add(name);
                }
            });
            for (String twin : twins) {
                object.remove(twin);
                errors.add(new FieldError(join(path, twin), "is the same field as " + camelCase(twin)
                        + "; give it once"));
            }
            object.fields().forEachRemaining(e -> duplicateSpellings(e.getValue(), join(path, e.getKey()),
                    path.isEmpty() && camelCase(e.getKey()).equals("accessRights"), errors));
        } else if (node != null && node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                duplicateSpellings(node.get(i), path + "[" + i + "]", false, errors);
            }
        }
    }

    private static String join(String path, String field) {
        return path.isEmpty() ? field : path + "." + field;
    }

    private static String camelCase(String snake) {
        StringBuilder out = new StringBuilder(snake.length());
        boolean upper = false;
        for (int i = 0; i < snake.length(); i++) {
            char c = snake.charAt(i);
            if (c == '_' && i > 0) {
                upper = true;
            } else {
                out.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return out.toString();
    }

    private static void quota(ObjectNode policy, List<FieldError> errors) {
        JsonNode max = policy.remove(QUOTA_MAX);
        JsonNode renewal = policy.remove(QUOTA_RENEWAL_RATE);
        if (max == null && renewal == null) {
            return;
        }
        if (max == null) {
            errors.add(new FieldError(QUOTA_MAX, "is required when " + QUOTA_RENEWAL_RATE + " is set"));
            return;
        }
        if (!max.isIntegralNumber() || !max.canConvertToLong()) {
            errors.add(new FieldError(QUOTA_MAX, "must be an integer"));
            return;
        }
        if (max.asLong() == UNLIMITED) {
            return;
        }
        boolean valid = true;
        if (max.asLong() <= 0) {
            errors.add(new FieldError(QUOTA_MAX, "must be greater than 0, or -1 for no quota"));
            valid = false;
        }
        if (renewal == null) {
            errors.add(new FieldError(QUOTA_RENEWAL_RATE, "is required when " + QUOTA_MAX + " is set"));
            return;
        }
        if (!renewal.isIntegralNumber() || !renewal.canConvertToLong() || renewal.asLong() <= 0) {
            errors.add(new FieldError(QUOTA_RENEWAL_RATE, "must be an integer greater than 0 (seconds)"));
            valid = false;
        }
        if (policy.has("quota")) {
            errors.add(new FieldError(QUOTA_MAX, "conflicts with quota; set one or the other"));
            valid = false;
        }
        if (valid) {
            policy.putObject("quota").put("max", max.asLong()).put("renewalSeconds", renewal.asLong());
        }
    }

    private static void apiFields(String proxyId, ObjectNode right, List<FieldError> errors) {
        JsonNode apiId = right.remove("api_id");
        right.remove("api_name");
        if (apiId != null && !apiId.isNull() && !(apiId.isTextual() && apiId.asText().equals(proxyId))) {
            errors.add(new FieldError("accessRights." + proxyId + ".api_id",
                    "must equal the proxy id the access right is keyed by ('" + proxyId + "')"));
        }
    }
}
