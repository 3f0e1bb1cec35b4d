package dev.portcullis.controlplane.audit;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portcullis.model.json.Json;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * Records changes. Call it from the service method that makes the change: it joins that transaction (it refuses
 * to run without one), so the entry commits or rolls back with the change. {@code before}/{@code after} may be
 * any Jackson-serialisable value or a JSON string; they are masked with {@link AuditMasking} before storing.
 */
@ApplicationScoped
public class AuditLog {

    private final CurrentActor actor;

    AuditLog(CurrentActor actor) {
        this.actor = actor;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void record(String action, String entityType, String entityId, Object before, Object after) {
        recordAs(actor.name(), action, entityType, entityId, before, after);
    }

    /** As {@link #record}, naming the actor explicitly (a sign-in failure has no identity yet). */
    @Transactional(Transactional.TxType.MANDATORY)
    public void recordAs(String actorName, String action, String entityType, String entityId, Object before,
                         Object after) {
        AuditEntry entry = new AuditEntry();
        entry.at = Instant.now();
        entry.actor = actorName;
        entry.action = action;
        entry.entityType = entityType;
        entry.entityId = entityId;
        entry.before = masked(before);
        entry.after = masked(after);
        entry.persist();
    }

    private static String masked(Object value) {
        if (value == null) {
            return null;
        }
        JsonNode tree;
        try {
            tree = value instanceof String json ? Json.mapper().readTree(json) : Json.mapper().valueToTree(value);
        } catch (IOException e) {
            throw new UncheckedIOException("audit value is not JSON", e);
        }
        return new String(Json.write(AuditMasking.mask(tree)), StandardCharsets.UTF_8);
    }
}
