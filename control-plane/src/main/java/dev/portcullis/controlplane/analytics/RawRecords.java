package dev.portcullis.controlplane.analytics;

import dev.portcullis.model.analytics.AnalyticsRecord;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.Set;

/**
 * Inserts raw records in one statement, skipping ids already stored. The records travel as one array per column
 * ({@code unnest}): the statement text is the same for every batch, so PostgreSQL parses and plans it once per
 * connection, not once per batch with 26 parameters per record. Stateless; the caller owns the transaction.
 */
final class RawRecords {

    private static final String INSERT = "insert into analytics_record (id, time, gateway, proxy_id, http_method, "
            + "path, status, latency_micros, upstream_latency_micros, bytes_in, bytes_out, consumer_type, key_id, "
            + "alias, mcp_method, primitive_type, primitive_name, error_code, error_reason, session_id_hash, "
            + "trace_id, upstream_error_code, tool_error, truncated, protocol_version, member) select * from unnest(?::text[], ?::text[]::timestamptz[], "
            + "?::text[], ?::text[], ?::text[], ?::text[], ?::int[], ?::bigint[], ?::bigint[], ?::bigint[], "
            + "?::bigint[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::int[], ?::text[], "
            + "?::text[], ?::text[], ?::int[], ?::boolean[], ?::boolean[], ?::text[], ?::text[]) on conflict (id) do nothing returning id";

    private RawRecords() {
    }

    /** Inserts {@code records} (distinct ids); answers the ids really inserted (not those already present). */
    static Set<String> insert(Connection connection, Collection<AnalyticsRecord> records) throws SQLException {
        if (records.isEmpty()) {
            return Set.of();
        }
        int size = records.size();
        String[] ids = new String[size];
        String[] times = new String[size];
        String[] gateways = new String[size];
        String[] proxies = new String[size];
        String[] httpMethods = new String[size];
        String[] paths = new String[size];
        Integer[] statuses = new Integer[size];
        Long[] latencies = new Long[size];
        Long[] upstreamLatencies = new Long[size];
        Long[] bytesIn = new Long[size];
        Long[] bytesOut = new Long[size];
        String[] consumerTypes = new String[size];
        String[] keyIds = new String[size];
        String[] aliases = new String[size];
        String[] mcpMethods = new String[size];
        String[] primitiveTypes = new String[size];
        String[] primitiveNames = new String[size];
        Integer[] errorCodes = new Integer[size];
        String[] errorReasons = new String[size];
        String[] sessions = new String[size];
        String[] traces = new String[size];
        Integer[] upstreamErrorCodes = new Integer[size];
        Boolean[] toolErrors = new Boolean[size];
        Boolean[] truncated = new Boolean[size];
        String[] protocolVersions = new String[size];
        String[] members = new String[size];
        int i = 0;
        for (AnalyticsRecord record : records) {
            ids[i] = record.id();
            times[i] = record.time().toString();
            gateways[i] = record.gateway();
            proxies[i] = record.proxy();
            httpMethods[i] = record.httpMethod();
            paths[i] = record.path();
            statuses[i] = record.status();
            latencies[i] = record.latencyMicros();
            upstreamLatencies[i] = record.upstreamLatencyMicros();
            bytesIn[i] = record.bytesIn();
            bytesOut[i] = record.bytesOut();
            consumerTypes[i] = record.consumerType();
            keyIds[i] = record.keyId();
            aliases[i] = record.alias();
            mcpMethods[i] = record.mcpMethod();
            primitiveTypes[i] = record.mcpPrimitiveType();
            primitiveNames[i] = record.mcpPrimitiveName();
            errorCodes[i] = record.mcpErrorCode();
            errorReasons[i] = record.errorReason();
            sessions[i] = record.sessionIdHash();
            traces[i] = record.traceId();
            upstreamErrorCodes[i] = record.upstreamErrorCode();
            toolErrors[i] = record.toolError();
            truncated[i] = record.truncated();
            protocolVersions[i] = record.protocolVersion();
            members[i] = record.member();
            i++;
        }
        try (PreparedStatement statement = connection.prepareStatement(INSERT)) {
            Object[][] columns = {ids, times, gateways, proxies, httpMethods, paths, statuses, latencies,
                    upstreamLatencies, bytesIn, bytesOut, consumerTypes, keyIds, aliases, mcpMethods, primitiveTypes,
                    primitiveNames, errorCodes, errorReasons, sessions, traces, upstreamErrorCodes, toolErrors, truncated,
                    protocolVersions, members};
            for (int c = 0; c < columns.length; c++) {
                statement.setArray(c + 1, connection.createArrayOf(elementType(columns[c]), columns[c]));
            }
            try (ResultSet inserted = statement.executeQuery()) {
                return AnalyticsStore.idsOf(inserted);
            }
        }
    }

    private static String elementType(Object[] column) {
        if (column instanceof Integer[]) {
            return "int4";
        }
        if (column instanceof Long[]) {
            return "int8";
        }
        if (column instanceof Boolean[]) {
            return "bool";
        }
        return "text";
    }
}
