package dev.portcullis.controlplane.analytics;

import dev.portcullis.model.analytics.AnalyticsRecord;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/** Inserts raw records, many per statement, skipping ids already stored. Stateless; the caller owns the transaction. */
final class RawRecords {

    private static final String COLUMNS = "id, time, gateway, proxy_id, http_method, path, status, latency_micros, "
            + "upstream_latency_micros, bytes_in, bytes_out, consumer_type, key_id, alias, mcp_method, primitive_type, "
            + "primitive_name, error_code, error_reason, session_id_hash, trace_id, upstream_error_code, tool_error";
    private static final int COLUMN_COUNT = 23;
    private static final int ROWS_PER_STATEMENT = 500;
    private static final String ROW = "(" + "?, ".repeat(COLUMN_COUNT - 1) + "?)";

    private RawRecords() {
    }

    /** Inserts {@code records}; answers the ids really inserted (not those already present). */
    static Set<String> insert(Connection connection, Collection<AnalyticsRecord> records) throws SQLException {
        Set<String> inserted = new HashSet<>();
        Iterator<AnalyticsRecord> remaining = records.iterator();
        while (remaining.hasNext()) {
            List<AnalyticsRecord> chunk = new ArrayList<>(ROWS_PER_STATEMENT);
            StringBuilder sql = new StringBuilder("insert into analytics_record (").append(COLUMNS).append(") values ");
            while (remaining.hasNext() && chunk.size() < ROWS_PER_STATEMENT) {
                sql.append(chunk.isEmpty() ? "" : ", ").append(ROW);
                chunk.add(remaining.next());
            }
            sql.append(" on conflict (id) do nothing returning id");
            try (PreparedStatement statement = connection.prepareStatement(sql.toString())) {
                int index = 1;
                for (AnalyticsRecord record : chunk) {
                    index = bind(statement, index, record);
                }
                try (ResultSet ids = statement.executeQuery()) {
                    inserted.addAll(AnalyticsStore.idsOf(ids));
                }
            }
        }
        return inserted;
    }

    private static int bind(PreparedStatement statement, int index, AnalyticsRecord record) throws SQLException {
        statement.setString(index++, record.id());
        statement.setTimestamp(index++, Timestamp.from(record.time()));
        statement.setString(index++, record.gateway());
        statement.setString(index++, record.proxy());
        statement.setString(index++, record.httpMethod());
        statement.setString(index++, record.path());
        statement.setInt(index++, record.status());
        statement.setLong(index++, record.latencyMicros());
        setLong(statement, index++, record.upstreamLatencyMicros());
        statement.setLong(index++, record.bytesIn());
        statement.setLong(index++, record.bytesOut());
        statement.setString(index++, record.consumerType());
        statement.setString(index++, record.keyId());
        statement.setString(index++, record.alias());
        statement.setString(index++, record.mcpMethod());
        statement.setString(index++, record.mcpPrimitiveType());
        statement.setString(index++, record.mcpPrimitiveName());
        if (record.mcpErrorCode() == null) {
            statement.setNull(index++, Types.INTEGER);
        } else {
            statement.setInt(index++, record.mcpErrorCode());
        }
        statement.setString(index++, record.errorReason());
        statement.setString(index++, record.sessionIdHash());
        statement.setString(index++, record.traceId());
        if (record.upstreamErrorCode() == null) {
            statement.setNull(index++, Types.INTEGER);
        } else {
            statement.setInt(index++, record.upstreamErrorCode());
        }
        statement.setBoolean(index++, record.toolError());
        return index;
    }

    private static void setLong(PreparedStatement statement, int index, Long value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.BIGINT);
        } else {
            statement.setLong(index, value);
        }
    }
}
