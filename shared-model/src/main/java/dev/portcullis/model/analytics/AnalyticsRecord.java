package dev.portcullis.model.analytics;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;
import java.util.Objects;

/**
 * One agent request as the gateway saw it: what the access log prints, what a gateway appends to
 * the analytics stream and what the control plane stores. Never holds a key, a token or a tool argument.
 *
 * <p>Its JSON form (camelCase, nulls omitted) is the analytics stream's wire format between the planes: fields may
 * be added, never renamed. The control plane ingests each record once by {@code id}, so a record appended twice
 * (a retried write) is still counted once.
 *
 * @param id                    unique record id (a random UUID), the idempotency key of ingestion
 * @param time                  when the request arrived
 * @param gateway               id of the gateway that served it
 * @param proxy                 id of the proxy whose listen path matched; null when none did
 * @param httpMethod            {@code POST}, {@code GET} or {@code DELETE} (or what the agent sent)
 * @param path                  the request path, without the query
 * @param status                HTTP status sent to the agent; 499 when the agent went away before a status was sent
 * @param latencyMicros         from arrival to the end of the response (or the agent leaving)
 * @param upstreamLatencyMicros from sending upstream to the end of the response; null when not forwarded
 * @param bytesIn               request bytes read from the agent (headers excluded)
 * @param bytesOut              response bytes written to the agent (headers excluded)
 * @param consumerType          {@code key}, {@code jwt} or {@code introspection}; null when unauthenticated
 * @param keyId                 the key's id, or the token's subject; null when unauthenticated
 * @param alias                 the key's alias; null for tokens and unauthenticated requests
 * @param mcpMethod             the JSON-RPC method; null for GET/DELETE, client responses and unparsed bodies
 * @param mcpPrimitiveType      {@code tool}, {@code prompt} or {@code resource}; null when the method targets none
 * @param mcpPrimitiveName      the tool or prompt name or the resource URI; null with no primitive type
 * @param mcpErrorCode          the JSON-RPC code of an error the gateway itself answered with; null otherwise
 * @param errorReason           the stable reason of that error ({@code rate_limited}, {@code tool_denied} ...)
 * @param sessionIdHash         first 16 hex digits of SHA-256 of {@code Mcp-Session-Id}; null without a session
 * @param traceId               W3C trace id (32 hex digits) when traced or sent by the agent; null otherwise
 * @param upstreamErrorCode     the JSON-RPC error code of the upstream's answer to the request; null when it
 *                              answered with a result (or was not seen: not forwarded, no id, answer not parsed)
 * @param toolError             true when the upstream answered a {@code tools/call} with {@code isError: true}
 * @param truncated             true when the gateway cut a client-controlled string of this record to its bound
 *                              ({@link RecordBounds}); the JSON form carries it only when true
 * @param protocolVersion       the MCP revision the request declared in {@code MCP-Protocol-Version} (a version the
 *                              gateway speaks, such as {@code 2026-07-28}); null when it declared none or one the
 *                              gateway refused. Absent from records written by older gateways
 * @param member                on a virtual server ({@code proxy}), the id of the member proxy that served the
 *                              request; null for a request to a plain proxy, and for one the virtual server answered
 *                              from several members (an {@code initialize}, a list) or itself
 */
public record AnalyticsRecord(
        String id,
        Instant time,
        String gateway,
        String proxy,
        String httpMethod,
        String path,
        int status,
        long latencyMicros,
        Long upstreamLatencyMicros,
        long bytesIn,
        long bytesOut,
        String consumerType,
        String keyId,
        String alias,
        String mcpMethod,
        String mcpPrimitiveType,
        String mcpPrimitiveName,
        Integer mcpErrorCode,
        String errorReason,
        String sessionIdHash,
        String traceId,
        Integer upstreamErrorCode,
        boolean toolError,
        @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean truncated,
        String protocolVersion,
        String member) {

    public AnalyticsRecord {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(gateway, "gateway");
        Objects.requireNonNull(httpMethod, "httpMethod");
        Objects.requireNonNull(path, "path");
    }

    /** A record of a plain proxy's request, or one a virtual server answered itself. */
    public AnalyticsRecord(String id, Instant time, String gateway, String proxy, String httpMethod, String path,
                           int status, long latencyMicros, Long upstreamLatencyMicros, long bytesIn, long bytesOut,
                           String consumerType, String keyId, String alias, String mcpMethod,
                           String mcpPrimitiveType, String mcpPrimitiveName, Integer mcpErrorCode, String errorReason,
                           String sessionIdHash, String traceId, Integer upstreamErrorCode, boolean toolError,
                           boolean truncated, String protocolVersion) {
        this(id, time, gateway, proxy, httpMethod, path, status, latencyMicros, upstreamLatencyMicros, bytesIn,
                bytesOut, consumerType, keyId, alias, mcpMethod, mcpPrimitiveType, mcpPrimitiveName, mcpErrorCode,
                errorReason, sessionIdHash, traceId, upstreamErrorCode, toolError, truncated, protocolVersion, null);
    }

    /** A record without the request's MCP revision (as before that was recorded). */
    public AnalyticsRecord(String id, Instant time, String gateway, String proxy, String httpMethod, String path,
                           int status, long latencyMicros, Long upstreamLatencyMicros, long bytesIn, long bytesOut,
                           String consumerType, String keyId, String alias, String mcpMethod,
                           String mcpPrimitiveType, String mcpPrimitiveName, Integer mcpErrorCode, String errorReason,
                           String sessionIdHash, String traceId, Integer upstreamErrorCode, boolean toolError,
                           boolean truncated) {
        this(id, time, gateway, proxy, httpMethod, path, status, latencyMicros, upstreamLatencyMicros, bytesIn,
                bytesOut, consumerType, keyId, alias, mcpMethod, mcpPrimitiveType, mcpPrimitiveName, mcpErrorCode,
                errorReason, sessionIdHash, traceId, upstreamErrorCode, toolError, truncated, null);
    }

    /** A record whose strings were all within their bounds. */
    public AnalyticsRecord(String id, Instant time, String gateway, String proxy, String httpMethod, String path,
                           int status, long latencyMicros, Long upstreamLatencyMicros, long bytesIn, long bytesOut,
                           String consumerType, String keyId, String alias, String mcpMethod,
                           String mcpPrimitiveType, String mcpPrimitiveName, Integer mcpErrorCode, String errorReason,
                           String sessionIdHash, String traceId, Integer upstreamErrorCode, boolean toolError) {
        this(id, time, gateway, proxy, httpMethod, path, status, latencyMicros, upstreamLatencyMicros, bytesIn,
                bytesOut, consumerType, keyId, alias, mcpMethod, mcpPrimitiveType, mcpPrimitiveName, mcpErrorCode,
                errorReason, sessionIdHash, traceId, upstreamErrorCode, toolError, false, null);
    }

    /** A record without the upstream's answer (as before that was observed). */
    public AnalyticsRecord(String id, Instant time, String gateway, String proxy, String httpMethod, String path,
                           int status, long latencyMicros, Long upstreamLatencyMicros, long bytesIn, long bytesOut,
                           String consumerType, String keyId, String alias, String mcpMethod,
                           String mcpPrimitiveType, String mcpPrimitiveName, Integer mcpErrorCode, String errorReason,
                           String sessionIdHash, String traceId) {
        this(id, time, gateway, proxy, httpMethod, path, status, latencyMicros, upstreamLatencyMicros, bytesIn,
                bytesOut, consumerType, keyId, alias, mcpMethod, mcpPrimitiveType, mcpPrimitiveName, mcpErrorCode,
                errorReason, sessionIdHash, traceId, null, false, false, null);
    }

    /**
     * An error for analytics: any 4xx/5xx the agent received, an error the gateway answered with, a JSON-RPC error
     * answer from the upstream, or a tool result with {@code isError: true}. Not part of the JSON form.
     */
    @JsonIgnore
    public boolean isError() {
        return status >= 400 || mcpErrorCode != null || upstreamErrorCode != null || toolError;
    }
}
