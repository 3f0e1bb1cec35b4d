package dev.portcullis.controlplane.key;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.portcullis.controlplane.common.JsonBodies;
import dev.portcullis.controlplane.common.ProblemException;
import dev.portcullis.model.analytics.RecordBounds;
import dev.portcullis.model.key.CertificateFingerprints;
import dev.portcullis.model.validation.FieldError;
import dev.portcullis.model.validation.FieldRules;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The body of a key create or update: {@code {"alias", "proxies"?, "policies"?, "expiresAt"?,
 * "certificateFingerprints"?}}. Parsed by hand so every problem is reported with its field in one response. Whether
 * the proxies and policies exist and whether the expiry is in the future are checked by {@link KeyService}, which
 * knows the database and the clock.
 *
 * @param proxies   ids of the proxies the key may call directly, duplicates removed, order kept
 * @param policies  ids of the key's policies, duplicates removed, order kept; at least one of the two is non-empty
 * @param expiresAt null = never expires
 * @param certificateFingerprints the client certificates the key is bound to, in canonical form
 *                  ({@link CertificateFingerprints}), duplicates removed, order kept; {@code []} unbinds, and null
 *                  (the field is absent) leaves a key's binding as it is on update: an older client that does not
 *                  know the field must not silently take a key's certificate binding away
 */
public record KeyRequest(String alias, List<String> proxies, List<String> policies, Instant expiresAt,
                         List<String> certificateFingerprints) {

    private static final Set<String> FIELDS = Set.of("alias", "proxies", "policies", "expiresAt",
            "certificateFingerprints");
    private static final int MAX_ALIAS = RecordBounds.ALIAS;
    /** Enough for a rotation (old and new certificate) across several agent instances. */
    public static final int MAX_FINGERPRINTS = 20;

    /** A request that leaves the certificate binding as it is. */
    public KeyRequest(String alias, List<String> proxies, List<String> policies, Instant expiresAt) {
        this(alias, proxies, policies, expiresAt, null);
    }

    public static KeyRequest parse(String body) {
        ObjectNode tree = JsonBodies.object(body);
        List<FieldError> errors = JsonBodies.unknownFields(tree, FIELDS);
        String alias = alias(tree.get("alias"), errors);
        int before = errors.size();
        List<String> proxies = ids("proxies", tree.get("proxies"), errors);
        List<String> policies = ids("policies", tree.get("policies"), errors);
        if (proxies.isEmpty() && policies.isEmpty() && errors.size() == before) {
            errors.add(new FieldError("proxies", "a key needs at least one proxy or policy"));
        }
        Instant expiresAt = instant(tree.get("expiresAt"), errors);
        List<String> fingerprints = fingerprints(tree.get("certificateFingerprints"), errors);
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        return new KeyRequest(alias, proxies, policies, expiresAt, fingerprints);
    }

    /** Null when absent; JSON null counts as absent too, like the other optional fields. */
    private static List<String> fingerprints(JsonNode node, List<FieldError> errors) {
        String field = "certificateFingerprints";
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isArray()) {
            errors.add(new FieldError(field, "must be an array of SHA-256 certificate fingerprints"));
            return null;
        }
        if (node.size() > MAX_FINGERPRINTS) {
            errors.add(new FieldError(field, "must have at most " + MAX_FINGERPRINTS + " fingerprints"));
            return null;
        }
        Set<String> fingerprints = new LinkedHashSet<>();
        for (int i = 0; i < node.size(); i++) {
            String normalised = node.get(i).isTextual() ? CertificateFingerprints.normalise(node.get(i).asText()) : null;
            if (normalised == null) {
                errors.add(new FieldError(field + "[" + i + "]", "must be a SHA-256 fingerprint: 64 hex digits, "
                        + "with or without colons between pairs"));
            } else {
                fingerprints.add(normalised);
            }
        }
        return List.copyOf(fingerprints);
    }

    private static String alias(JsonNode node, List<FieldError> errors) {
        if (node == null || node.isNull()) {
            errors.add(new FieldError("alias", "is required"));
        } else if (!node.isTextual()) {
            errors.add(new FieldError("alias", "must be a string"));
        } else if (node.asText().isBlank()) {
            errors.add(new FieldError("alias", "must not be blank"));
        } else if (RecordBounds.exceeds(node.asText(), MAX_ALIAS)) {
            errors.add(new FieldError("alias", "must be at most " + MAX_ALIAS + " characters"));
        } else {
            return node.asText().strip();
        }
        return null;
    }

    private static List<String> ids(String field, JsonNode node, List<FieldError> errors) {
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            errors.add(new FieldError(field, "must be an array of ids"));
            return List.of();
        }
        Set<String> ids = new LinkedHashSet<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode id = node.get(i);
            if (id.isTextual() && !id.asText().isBlank()) {
                ids.add(id.asText());
            } else {
                errors.add(new FieldError(field + "[" + i + "]", "must be a non-blank string"));
            }
        }
        return List.copyOf(ids);
    }

    private static Instant instant(JsonNode node, List<FieldError> errors) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isTextual()) {
            try {
                Instant instant = Instant.parse(node.asText());
                if (FieldRules.isStorableInstant(instant)) {
                    return instant;
                }
                errors.add(new FieldError("expiresAt", FieldRules.INSTANT_RULE));
                return null;
            } catch (DateTimeParseException e) {
                // reported below
            }
        }
        errors.add(new FieldError("expiresAt", "must be an ISO-8601 instant such as 2030-01-01T00:00:00Z"));
        return null;
    }
}
