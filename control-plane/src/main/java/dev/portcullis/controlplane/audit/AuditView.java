package dev.portcullis.controlplane.audit;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portcullis.model.json.Json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;

/** An audit entry as the API shows it; {@code before}/{@code after} are the masked JSON or null. */
public record AuditView(long id, Instant at, String actor, String action, String entityType, String entityId,
                        JsonNode before, JsonNode after) {

    public static AuditView of(AuditEntry entry) {
        return new AuditView(entry.id, entry.at, entry.actor, entry.action, entry.entityType, entry.entityId,
                tree(entry.before), tree(entry.after));
    }

    private static JsonNode tree(String json) {
        try {
            return json == null ? null : Json.mapper().readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Pretty JSON for the dashboard, or an empty string. */
    public String beforeText() {
        return pretty(before);
    }

    public String afterText() {
        return pretty(after);
    }

    private static String pretty(JsonNode node) {
        if (node == null) {
            return "";
        }
        try {
            return Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
