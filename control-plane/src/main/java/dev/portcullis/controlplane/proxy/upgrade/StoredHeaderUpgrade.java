package dev.portcullis.controlplane.proxy.upgrade;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.portcullis.controlplane.distribution.ChangeListener;
import dev.portcullis.model.json.Json;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The database side of the upgrade to template header values (Flyway migration V13), on the migration's own
 * connection and transaction. Each stored proxy definition is rewritten by {@link LegacyHeaderDefinition}; every
 * header entry dropped is logged (proxy and field, never the value) and written to the audit log (actor
 * {@code system}, action {@value #DROPPED}, the field and the reason). When any definition changed, the
 * configuration version moves on (with a history row and the notification replicas listen for), so that gateways
 * replace the snapshots they hold, in which the old values would now fail validation. Definitions kept in the
 * configuration history are rewritten the same way, so a rollback restores what the old version meant.
 */
public final class StoredHeaderUpgrade {

    static final String DROPPED = "upgrade.header-dropped";
    private static final Logger LOG = Logger.getLogger(StoredHeaderUpgrade.class);

    private final Connection connection;

    public StoredHeaderUpgrade(Connection connection) {
        this.connection = connection;
    }

    public void run() throws SQLException {
        int changed = upgradeProxies();
        int versions = upgradeHistory();
        if (changed > 0) {
            publish(changed);
        }
        LOG.infof("header values are templates now: %d proxies and %d history versions rewritten", changed, versions);
    }

    private int upgradeProxies() throws SQLException {
        int changed = 0;
        try (Statement select = connection.createStatement();
             ResultSet rows = select.executeQuery("select id, definition::text from proxy order by id for update")) {
            while (rows.next()) {
                String id = rows.getString(1);
                JsonNode definition = read(rows.getString(2));
                LegacyHeaderDefinition.Result result = LegacyHeaderDefinition.upgrade(definition);
                if (!result.changed()) {
                    continue;
                }
                changed++;
                update("update proxy set definition = ?::jsonb, version = version + 1, updated_at = now()"
                        + " where id = ?", write(definition), id);
                for (LegacyHeaderDefinition.Dropped dropped : result.dropped()) {
                    LOG.warnf("proxy %s: upgrade dropped header value %s: %s; the header is removed instead of"
                            + " set (see the audit log, action %s)", id, dropped.field(), dropped.reason(), DROPPED);
                    audit(id, dropped);
                }
            }
        }
        return changed;
    }

    private int upgradeHistory() throws SQLException {
        int changed = 0;
        try (Statement select = connection.createStatement()) {
            select.setFetchSize(20); // up to PORTCULLIS_CONFIG_HISTORY rows of every proxy: read a few at a time
            ResultSet rows = select.executeQuery("select version, proxies::text from config_history"
                    + " order by version for update");
            while (rows.next()) {
                JsonNode proxies = read(rows.getString(2));
                boolean any = false;
                for (JsonNode definition : proxies) {
                    any |= LegacyHeaderDefinition.upgrade(definition).changed();
                }
                if (any) {
                    changed++;
                    update("update config_history set proxies = ?::jsonb where version = ?", write(proxies),
                            rows.getLong(1));
                }
            }
        }
        return changed;
    }

    private void audit(String proxyId, LegacyHeaderDefinition.Dropped dropped) throws SQLException {
        ObjectNode after = Json.mapper().createObjectNode().put("field", dropped.field())
                .put("reason", dropped.reason()).put("removed", true);
        try (PreparedStatement insert = connection.prepareStatement("insert into audit_entry (at, actor, action,"
                + " entity_type, entity_id, before, after) values (now(), 'system', ?, 'proxy', ?, null, ?::jsonb)")) {
            insert.setString(1, DROPPED);
            insert.setString(2, proxyId);
            insert.setString(3, write(after));
            insert.executeUpdate();
        }
    }

    /** A new configuration version with its history row, announced to listening replicas on commit. */
    private void publish(int changed) throws SQLException {
        long version;
        try (Statement bump = connection.createStatement();
             ResultSet row = bump.executeQuery("update config_state set version = nextval('config_version_seq'),"
                     + " changed_at = now() where id = 1 returning version")) {
            row.next();
            version = row.getLong(1);
        }
        try (PreparedStatement history = connection.prepareStatement("insert into config_history (version,"
                + " changed_at, actor, change, proxies, policies) select s.version, s.changed_at, 'system', ?,"
                + " (select coalesce(jsonb_agg(p.definition order by p.id collate \"C\"), '[]'::jsonb) from proxy p),"
                + " (select coalesce(jsonb_agg(p.definition order by p.id collate \"C\"), '[]'::jsonb) from policy p)"
                + " from config_state s where s.id = 1")) {
            history.setString(1, "upgrade: header values of " + changed + " proxies written as templates");
            history.executeUpdate();
        }
        try (PreparedStatement notify = connection.prepareStatement("select pg_notify(?, ?)")) {
            notify.setString(1, ChangeListener.CHANNEL);
            notify.setString(2, Long.toString(version));
            notify.execute();
        }
    }

    private void update(String sql, String json, Object key) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(sql)) {
            update.setString(1, json);
            update.setObject(2, key);
            update.executeUpdate();
        }
    }

    private static JsonNode read(String json) throws SQLException {
        try {
            return Json.mapper().readTree(json);
        } catch (IOException e) {
            throw new SQLException("a stored definition is not JSON", e);
        }
    }

    private static String write(JsonNode json) {
        return new String(Json.write(json), StandardCharsets.UTF_8);
    }
}
