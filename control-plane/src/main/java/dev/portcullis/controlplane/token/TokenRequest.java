package dev.portcullis.controlplane.token;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.portcullis.controlplane.common.JsonBodies;
import dev.portcullis.controlplane.common.ProblemException;
import dev.portcullis.controlplane.user.Role;
import dev.portcullis.model.validation.FieldError;
import dev.portcullis.model.validation.FieldRules;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Set;

/**
 * {@code POST /api/tokens}: {@code name} (1-100 characters), optional {@code role} (default: the role of the calling
 * credential; never above it), optional {@code expiresAt} (ISO-8601 instant in the future).
 */
public record TokenRequest(String name, Role role, Instant expiresAt) {

    private static final Set<String> FIELDS = Set.of("name", "role", "expiresAt");

    public static TokenRequest parse(String body, Instant now) {
        ObjectNode tree = JsonBodies.object(body);
        List<FieldError> errors = new java.util.ArrayList<>(JsonBodies.unknownFields(tree, FIELDS));
        JsonNode name = tree.get("name");
        if (name == null || !name.isTextual() || name.asText().isBlank() || name.asText().length() > 100) {
            errors.add(new FieldError("name", "is required: 1 to 100 characters"));
        }
        Role role = null;
        JsonNode roleNode = tree.get("role");
        if (roleNode != null && !roleNode.isNull()) {
            role = Role.parse(roleNode.isTextual() ? roleNode.asText() : null).orElse(null);
            if (role == null) {
                errors.add(new FieldError("role", "must be admin, editor or viewer"));
            }
        }
        Instant expiresAt = null;
        JsonNode expires = tree.get("expiresAt");
        if (expires != null && !expires.isNull()) {
            try {
                expiresAt = Instant.parse(expires.asText());
                if (!FieldRules.isStorableInstant(expiresAt)) {
                    errors.add(new FieldError("expiresAt", FieldRules.INSTANT_RULE));
                } else if (!expiresAt.isAfter(now)) {
                    errors.add(new FieldError("expiresAt", "must be in the future"));
                }
            } catch (DateTimeParseException e) {
                errors.add(new FieldError("expiresAt", "must be an ISO-8601 instant such as 2027-01-31T00:00:00Z"));
            }
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        return new TokenRequest(name.asText().trim(), role, expiresAt);
    }
}
