package dev.portcullis.controlplane.analytics;

import dev.portcullis.model.analytics.AnalyticsRecord;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;

/**
 * Keeps keys' {@code last_used_at} from ingested analytics, to the minute: a key's row is written only when the
 * newest request of the batch is at least a minute past the stored time, so a busy key costs one row update a
 * minute, not one per batch. Records of JWT or introspection consumers name no key and are skipped. Rows are
 * updated in key-id order, so two control planes ingesting at once never deadlock on them. The column is not part
 * of a key's configuration: its version (ETag) does not move and gateways are not told.
 */
final class KeyLastUse {

    private static final String UPDATE = "update api_key k set last_used_at = u.used"
            + " from unnest(?::text[], ?::timestamptz[]) as u(id, used)"
            + " where k.id = u.id and (k.last_used_at is null or k.last_used_at <= u.used - interval '1 minute')";

    private KeyLastUse() {
    }

    static void record(Connection connection, Collection<AnalyticsRecord> records) throws SQLException {
        Map<String, Instant> newest = new TreeMap<>();
        for (AnalyticsRecord record : records) {
            if ("key".equals(record.consumerType()) && record.keyId() != null && record.time() != null) {
                newest.merge(record.keyId(), record.time().truncatedTo(ChronoUnit.MINUTES),
                        (a, b) -> a.isAfter(b) ? a : b);
            }
        }
        if (newest.isEmpty()) {
            return;
        }
        try (PreparedStatement update = connection.prepareStatement(UPDATE)) {
            update.setArray(1, connection.createArrayOf("text", newest.keySet().toArray()));
            update.setArray(2, connection.createArrayOf("timestamptz",
                    newest.values().stream().map(Timestamp::from).toArray()));
            update.executeUpdate();
        }
    }
}
