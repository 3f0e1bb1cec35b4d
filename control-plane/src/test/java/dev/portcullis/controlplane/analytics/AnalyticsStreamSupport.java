package dev.portcullis.controlplane.analytics;

import dev.portcullis.launcher.services.RedisEndpoint;
import dev.portcullis.launcher.services.RespClient;
import dev.portcullis.model.analytics.AnalyticsRecord;
import dev.portcullis.model.analytics.AnalyticsRecordJson;
import org.eclipse.microprofile.config.ConfigProvider;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/** Test helpers: append to a stream as a gateway does, build records, count what was stored. */
final class AnalyticsStreamSupport {

    private AnalyticsStreamSupport() {
    }

    static String redisUrl() {
        return ConfigProvider.getConfig().getValue("portcullis.redis-url", String.class);
    }

    static String keyPrefix() {
        return ConfigProvider.getConfig().getValue("portcullis.redis-key-prefix", String.class);
    }

    static Object redis(String... command) throws Exception {
        try (RespClient client = RespClient.connect(RedisEndpoint.parse(redisUrl()), Duration.ofSeconds(2))) {
            return client.command(command);
        }
    }

    /** {@code XADD <prefix>analytics MAXLEN ~ 1000 * r <json>}, the gateway's command. */
    static void append(String keyPrefix, AnalyticsRecord record) throws Exception {
        redis("XADD", keyPrefix + "analytics", "MAXLEN", "~", "1000", "*", "r", AnalyticsRecordJson.write(record));
    }

    static AnalyticsRecord record(String proxy, Instant time, String tool, int status, long latencyMicros) {
        return new AnalyticsRecord(UUID.randomUUID().toString(), time, "gw-it", proxy, "POST", "/" + proxy + "/mcp",
                status, latencyMicros, latencyMicros / 2, 100, 200, "key", "key-" + proxy, "agent-" + proxy,
                "tools/call", "tool", tool, null, null, null, null);
    }

    static long count(DataSource dataSource, String sql, String proxy) throws Exception {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, proxy);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    static long raw(DataSource dataSource, String proxy) throws Exception {
        return count(dataSource, "select count(*) from analytics_record where proxy_id = ?", proxy);
    }

    static long rolledUp(DataSource dataSource, Resolution resolution, String proxy) throws Exception {
        return count(dataSource, "select coalesce(sum(requests), 0) from " + resolution.table()
                + " where proxy_id = ?", proxy);
    }
}
