package dev.portcullis.controlplane.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.portcullis.controlplane.common.CommaList;
import dev.portcullis.controlplane.common.JsonBodies;
import dev.portcullis.controlplane.common.ProblemException;
import dev.portcullis.model.validation.FieldError;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A gateway's report on the snapshot it received: {@code {"gatewayId","tags","appliedVersion","receivedVersion",
 * "accepted","reason"}}. {@code tags} may be an array or a comma-separated string.
 *
 * @param appliedVersion  the version the gateway serves now; null if it has none yet
 * @param receivedVersion the version this report is about; null if unknown (e.g. unreadable payload)
 * @param reason          why a snapshot was rejected; null when accepted
 */
public record GatewayReport(GatewayIdentity gateway, Long appliedVersion, Long receivedVersion, boolean accepted,
                            String reason) {

    private static final Set<String> FIELDS =
            Set.of("gatewayId", "tags", "appliedVersion", "receivedVersion", "accepted", "reason");
    private static final int MAX_REASON = 2000;

    public static GatewayReport parse(String body) {
        ObjectNode tree = JsonBodies.object(body);
        List<FieldError> errors = JsonBodies.unknownFields(tree, FIELDS);
        Long applied = version("appliedVersion", tree.get("appliedVersion"), errors);
        Long received = version("receivedVersion", tree.get("receivedVersion"), errors);
        JsonNode accepted = tree.get("accepted");
        if (accepted == null || !accepted.isBoolean()) {
            errors.add(new FieldError("accepted", "must be true or false"));
        }
        JsonNode reasonNode = tree.get("reason");
        String reason = null;
        if (reasonNode != null && !reasonNode.isNull()) {
            if (reasonNode.isTextual()) {
                reason = reasonNode.asText();
                if (reason.length() > MAX_REASON) {
                    // Cut between code points: half a surrogate pair has no UTF-8 encoding for the database.
                    int end = Character.isHighSurrogate(reason.charAt(MAX_REASON - 1)) ? MAX_REASON - 1 : MAX_REASON;
                    reason = reason.substring(0, end);
                }
            } else {
                errors.add(new FieldError("reason", "must be a string"));
            }
        }
        GatewayIdentity gateway = null;
        try {
            gateway = GatewayIdentity.of(text(tree.get("gatewayId")), tags(tree.get("tags"), errors), true);
        } catch (ProblemException e) {
            errors.addAll(e.problem().errors());
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        boolean ok = accepted.asBoolean();
        return new GatewayReport(gateway, applied, received, ok, ok ? null : reason == null ? "unspecified" : reason);
    }

    private static Long version(String field, JsonNode node, List<FieldError> errors) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.canConvertToLong() || !node.isIntegralNumber() || node.asLong() < 0) {
            errors.add(new FieldError(field, "must be a non-negative integer"));
            return null;
        }
        return node.asLong();
    }

    private static String text(JsonNode node) {
        return node != null && node.isTextual() ? node.asText() : null;
    }

    private static List<String> tags(JsonNode node, List<FieldError> errors) {
        List<String> tags = new ArrayList<>();
        if (node == null || node.isNull()) {
            return tags;
        }
        if (node.isTextual()) {
            tags.addAll(CommaList.split(node.asText()));
        } else if (node.isArray()) {
            node.forEach(tag -> tags.add(tag.isTextual() ? tag.asText() : null));
        } else {
            errors.add(new FieldError("tags", "must be an array of strings"));
        }
        return tags;
    }
}
