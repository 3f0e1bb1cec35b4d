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

    /** The parameters' array types, in column order. */
    private static final String[] ARRAY_TYPES = {"text", "text", "text", "text", "text", "text", "int", "bigint",
            "bigint", "bigint", "bigint", "text", "text", "text", "text", "text", "text", "int", "text", "text", "text",
            "int", "boolean", "boolean", "text", "text"};

    /**
     * One {@code unnest} per column in the select list, not {@code from unnest(a, b, ...)}: the arrays are then read
     * in step, a row at a time, where the {@code from} form first copies every column into a tuple store of its own
     * (measured: about a quarter of the statement's time at 20,000 records). The arrays have one length, so the
     * rows are the same.
     */
    private static final String INSERT = insert();

    private static String insert() {
        StringBuilder select = new StringBuilder();
        for (int c = 0; c < ARRAY_TYPES.length; c++) {
            select.append(c == 0 ? "" : ", ").append("unnest(?::").append(ARRAY_TYPES[c]).append("[])");
            if (c == 1) {
                select.append("::timestamptz");
            }
        }
        return "insert into analytics_record (id, time, gateway, proxy_id, http_method, path, status, "
                + "latency_micros, upstream_latency_micros, bytes_in, bytes_out, consumer_type, key_id, alias, "
                + "mcp_method, primitive_type, primitive_name, error_code, error_reason, session_id_hash, trace_id, "
                + "upstream_error_code, tool_error, truncated, protocol_version, member) select " + select
                + " on conflict (id) do nothing returning id";
    }

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
        long[] statuses = new long[size];
        long[] latencies = new long[size];
        long[] upstreamLatencies = new long[size];
        boolean[] noUpstreamLatency = new boolean[size];
        long[] bytesIn = new long[size];
        long[] bytesOut = new long[size];
        String[] consumerTypes = new String[size];
        String[] keyIds = new String[size];
        String[] aliases = new String[size];
        String[] mcpMethods = new String[size];
        String[] primitiveTypes = new String[size];
        String[] primitiveNames = new String[size];
        long[] errorCodes = new long[size];
        boolean[] noErrorCode = new boolean[size];
        String[] errorReasons = new String[size];
        String[] sessions = new String[size];
        String[] traces = new String[size];
        long[] upstreamErrorCodes = new long[size];
        boolean[] noUpstreamErrorCode = new boolean[size];
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
            noUpstreamLatency[i] = record.upstreamLatencyMicros() == null;
            upstreamLatencies[i] = noUpstreamLatency[i] ? 0 : record.upstreamLatencyMicros();
            bytesIn[i] = record.bytesIn();
            bytesOut[i] = record.bytesOut();
            consumerTypes[i] = record.consumerType();
            keyIds[i] = record.keyId();
            aliases[i] = record.alias();
            mcpMethods[i] = record.mcpMethod();
            primitiveTypes[i] = record.mcpPrimitiveType();
            primitiveNames[i] = record.mcpPrimitiveName();
            noErrorCode[i] = record.mcpErrorCode() == null;
            errorCodes[i] = noErrorCode[i] ? 0 : record.mcpErrorCode();
            errorReasons[i] = record.errorReason();
            sessions[i] = record.sessionIdHash();
            traces[i] = record.traceId();
            noUpstreamErrorCode[i] = record.upstreamErrorCode() == null;
            upstreamErrorCodes[i] = noUpstreamErrorCode[i] ? 0 : record.upstreamErrorCode();
            toolErrors[i] = record.toolError();
            truncated[i] = record.truncated();
            protocolVersions[i] = record.protocolVersion();
            members[i] = record.member();
            i++;
        }
        try (PreparedStatement statement = connection.prepareStatement(INSERT)) {
            Object[] columns = {ArrayParameter.text(ids), ArrayParameter.text(times), ArrayParameter.text(gateways),
                    ArrayParameter.text(proxies), ArrayParameter.text(httpMethods), ArrayParameter.text(paths),
                    ArrayParameter.int4(statuses, null), ArrayParameter.int8(latencies, null),
                    ArrayParameter.int8(upstreamLatencies, noUpstreamLatency), ArrayParameter.int8(bytesIn, null),
                    ArrayParameter.int8(bytesOut, null), ArrayParameter.text(consumerTypes),
                    ArrayParameter.text(keyIds), ArrayParameter.text(aliases), ArrayParameter.text(mcpMethods),
                    ArrayParameter.text(primitiveTypes), ArrayParameter.text(primitiveNames),
                    ArrayParameter.int4(errorCodes, noErrorCode), ArrayParameter.text(errorReasons),
                    ArrayParameter.text(sessions), ArrayParameter.text(traces),
                    ArrayParameter.int4(upstreamErrorCodes, noUpstreamErrorCode),
                    connection.createArrayOf("bool", toolErrors), connection.createArrayOf("bool", truncated),
                    ArrayParameter.text(protocolVersions), ArrayParameter.text(members)};
            for (int c = 0; c < columns.length; c++) {
                statement.setObject(c + 1, columns[c]);
            }
            try (ResultSet inserted = statement.executeQuery()) {
                return AnalyticsStore.idsOf(inserted);
            }
        }
    }
}
