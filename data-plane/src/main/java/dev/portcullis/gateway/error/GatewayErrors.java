package dev.portcullis.gateway.error;

import dev.portcullis.model.jsonrpc.JsonRpcErrorCodes;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;

/** Every error the gateway answers with itself, so statuses, codes and reasons stay in one table. */
public final class GatewayErrors {

    static final String WWW_AUTHENTICATE = "Bearer realm=\"portcullis\"";

    private static final GatewayError AUTH_METHOD_UNAVAILABLE = unauthenticated(
            "the authentication method this MCP server requires is not available on this gateway",
            "auth_method_unavailable");
    private static final GatewayError INTERNAL_ERROR = new GatewayError(500, JsonRpcErrorCodes.INTERNAL_ERROR,
            "internal gateway error", "internal_error");

    private static final GatewayError BODY_TIMEOUT = new GatewayError(408, JsonRpcErrorCodes.INVALID_REQUEST,
            "request body was not received in time", "body_timeout");

    private static final GatewayError CIRCUIT_OPEN = new GatewayError(503, JsonRpcErrorCodes.UPSTREAM_UNAVAILABLE,
            "circuit breaker is open: the upstream is not called for now", "circuit_open");

    private GatewayErrors() {
    }

    public static GatewayError noConfiguration() {
        return new GatewayError(503, JsonRpcErrorCodes.UPSTREAM_UNAVAILABLE, "gateway has no configuration yet",
                "no_configuration");
    }

    public static GatewayError unknownListenPath() {
        return new GatewayError(404, JsonRpcErrorCodes.INVALID_REQUEST, "no MCP server is served at this path",
                "unknown_listen_path");
    }

    public static GatewayError unsafePath() {
        return new GatewayError(400, JsonRpcErrorCodes.INVALID_REQUEST,
                "path must not contain '.' or '..' segments", "invalid_path");
    }

    public static GatewayError methodNotAllowed() {
        return new GatewayError(405, JsonRpcErrorCodes.INVALID_REQUEST, "only POST, GET and DELETE are supported",
                "method_not_allowed", Map.of("Allow", "POST, GET, DELETE"));
    }

    public static GatewayError badOrigin() {
        return new GatewayError(403, JsonRpcErrorCodes.INVALID_REQUEST, "origin is not allowed", "origin_not_allowed");
    }

    public static GatewayError corsNotAllowed() {
        return new GatewayError(403, JsonRpcErrorCodes.INVALID_REQUEST,
                "CORS preflight refused: the method or a header is not allowed", "cors_not_allowed");
    }

    public static GatewayError bodyTooLarge(long limit) {
        return new GatewayError(413, JsonRpcErrorCodes.INVALID_REQUEST,
                "request body exceeds the limit of " + limit + " bytes", "body_too_large");
    }

    public static GatewayError bodyTimeout() {
        return BODY_TIMEOUT;
    }

    public static GatewayError notJson() {
        return new GatewayError(400, JsonRpcErrorCodes.PARSE_ERROR, "request body is not valid JSON", "parse_error");
    }

    public static GatewayError notUtf8() {
        return new GatewayError(400, JsonRpcErrorCodes.PARSE_ERROR, "request body is not valid UTF-8",
                "invalid_utf8");
    }

    public static GatewayError batch() {
        return new GatewayError(400, JsonRpcErrorCodes.INVALID_REQUEST, "batch requests are not supported",
                "batch_not_supported");
    }

    public static GatewayError malformed(String detail) {
        return new GatewayError(400, JsonRpcErrorCodes.INVALID_REQUEST,
                detail == null || detail.isBlank() ? "invalid JSON-RPC message" : detail, "invalid_request");
    }

    /** A method with characters outside visible ASCII, or a spec method in another case (not echoed). */
    public static GatewayError invalidMethod() {
        return new GatewayError(400, JsonRpcErrorCodes.INVALID_REQUEST,
                "\"method\" must be visible ASCII, and spec methods are case-sensitive", "invalid_method");
    }

    /** A method the spec defines only as a request, sent as a notification (it would escape limits). */
    public static GatewayError requestWithoutId(String method) {
        return new GatewayError(400, JsonRpcErrorCodes.INVALID_REQUEST,
                method + " is a request and needs an \"id\"", "request_without_id");
    }

    public static GatewayError missingPrimitive(String method, String field) {
        return new GatewayError(400, JsonRpcErrorCodes.INVALID_PARAMS,
                method + " requires a string " + field, "missing_primitive");
    }

    /** A JSON-RPC method longer than {@code limit} characters; the message never quotes it. */
    public static GatewayError methodTooLong(int limit) {
        return new GatewayError(400, JsonRpcErrorCodes.INVALID_PARAMS,
                "method is longer than " + limit + " characters", "method_too_long");
    }

    /** A primitive name or URI ({@code field}) longer than {@code limit} characters; the message never quotes it. */
    public static GatewayError nameTooLong(String method, String field, int limit) {
        return new GatewayError(400, JsonRpcErrorCodes.INVALID_PARAMS,
                method + " " + field + " is longer than " + limit + " characters", "name_too_long");
    }

    /**
     * A version the gateway does not speak in {@code MCP-Protocol-Version} (MCP 2026-07-28
     * UnsupportedProtocolVersionError): {@code data.supported} lists the versions it does, {@code data.requested}
     * the one asked for (cut to 64 characters).
     */
    public static GatewayError unsupportedProtocolVersion(String requested, List<String> supported) {
        ObjectNode data = JsonNodeFactory.instance.objectNode();
        ArrayNode versions = data.putArray("supported");
        supported.forEach(versions::add);
        data.put("requested", requested.length() > 64 ? requested.substring(0, 64) : requested);
        return new GatewayError(400, JsonRpcErrorCodes.UNSUPPORTED_PROTOCOL_VERSION, "Unsupported protocol version",
                "unsupported_protocol_version", Map.of(), data);
    }

    /**
     * A standard MCP header ({@code MCP-Protocol-Version}, {@code Mcp-Method}, {@code Mcp-Name},
     * {@code Mcp-Param-*}) missing, duplicated, malformed or disagreeing with the body (MCP 2026-07-28
     * HeaderMismatch). The message names the header and the problem, never the values; {@code data.header} names
     * the header.
     */
    public static GatewayError headerMismatch(String header, String problem) {
        ObjectNode data = JsonNodeFactory.instance.objectNode();
        data.put("header", header);
        return new GatewayError(400, JsonRpcErrorCodes.HEADER_MISMATCH, "Header mismatch: " + header + " " + problem,
                "header_mismatch", Map.of(), data);
    }

    /**
     * A 2026-07-28 retry whose {@code requestState} claims to be one the gateway sealed but is not one it can open
     * for this proxy and this caller (altered, foreign, expired key, another caller's).
     */
    public static GatewayError invalidRequestState() {
        return new GatewayError(400, JsonRpcErrorCodes.INVALID_PARAMS,
                "requestState was not issued to this caller by this gateway, or was altered", "invalid_request_state");
    }

    public static GatewayError missingCredential() {
        return unauthenticated("missing credential", "missing_credential");
    }

    public static GatewayError multipleCredentials() {
        return unauthenticated("more than one credential was sent", "multiple_credentials");
    }

    public static GatewayError unknownKey() {
        return unauthenticated("key is not valid", "unknown_key");
    }

    /**
     * A session id this consumer may not use: not sealed by this deployment, altered, or bound to another consumer
     * or proxy. Worded as the answer to a session that does not exist, so none of those cases can be told apart.
     */
    public static GatewayError unknownSession() {
        return new GatewayError(404, JsonRpcErrorCodes.UNAUTHENTICATED, "unknown session", "unknown_session");
    }

    public static GatewayError expiredKey() {
        return unauthenticated("key has expired", "expired_key");
    }

    /** A key bound to client certificates came over a connection without a client certificate. */
    public static GatewayError certificateRequired() {
        return unauthenticated("key is bound to a client certificate: connect over TLS with that certificate",
                "certificate_required");
    }

    /** A key bound to client certificates came with another certificate. */
    public static GatewayError certificateMismatch() {
        return unauthenticated("key is bound to a client certificate and this connection presented another one",
                "certificate_mismatch");
    }

    public static GatewayError proxyNotAllowed() {
        return new GatewayError(403, JsonRpcErrorCodes.FORBIDDEN, "key does not grant access to this MCP server",
                "proxy_not_allowed");
    }

    public static GatewayError authMethodUnavailable() {
        return AUTH_METHOD_UNAVAILABLE;
    }

    public static GatewayError internalError() {
        return INTERNAL_ERROR;
    }

    // OAuth bearer tokens (JWT, introspection): the token is never part of a message.

    /** A bearer token that failed verification; {@code reason} says which rule (e.g. {@code token_expired}). */
    public static GatewayError invalidToken(String message, String reason) {
        return unauthenticated(message, reason);
    }

    public static GatewayError unsupportedCredential() {
        return unauthenticated("credential is not accepted by this MCP server", "unsupported_credential");
    }

    public static GatewayError consumerNotAllowed() {
        return new GatewayError(403, JsonRpcErrorCodes.FORBIDDEN,
                "token does not grant access to this MCP server", "proxy_not_allowed");
    }

    /** The token lacks a scope the primitive or method requires; {@code scope} lists what is required. */
    public static GatewayError insufficientScope(String scope) {
        return new GatewayError(403, JsonRpcErrorCodes.FORBIDDEN, "token lacks a required scope",
                "insufficient_scope", Map.of("WWW-Authenticate",
                        WWW_AUTHENTICATE + ", error=\"insufficient_scope\", scope=\"" + scope + "\""));
    }

    /** The JWKS or introspection endpoint could not be reached, so no token can be checked right now. */
    public static GatewayError authorizationServerUnavailable() {
        return new GatewayError(503, JsonRpcErrorCodes.UPSTREAM_UNAVAILABLE,
                "the authorization server could not be reached", "authorization_server_unavailable");
    }

    /**
     * The introspection endpoint failed or answered something that is not an RFC 7662 answer, so no opaque token
     * can be checked right now; {@code detail} says what (a status code or a fixed phrase, never a body).
     */
    public static GatewayError introspectionUnavailable(String detail) {
        return new GatewayError(503, JsonRpcErrorCodes.UPSTREAM_UNAVAILABLE,
                "token introspection is unavailable: " + detail, "introspection_unavailable",
                Map.of("Retry-After", "1"));
    }

    /** The circuit breaker of the route is open: the upstream is not called. */
    public static GatewayError circuitOpen() {
        return CIRCUIT_OPEN;
    }

    public static GatewayError upstreamTimeout() {
        return new GatewayError(504, JsonRpcErrorCodes.UPSTREAM_UNAVAILABLE, "upstream did not answer in time",
                "upstream_timeout");
    }

    public static GatewayError upstreamUnreachable() {
        return new GatewayError(502, JsonRpcErrorCodes.UPSTREAM_UNAVAILABLE, "upstream is unreachable",
                "upstream_unreachable");
    }

    /**
     * The upstream's connection failed (reset, closed, process killed) or its stream ended before it answered the
     * request: sent as an SSE event in a stream already open, or as a 502 when nothing was sent yet.
     */
    public static GatewayError upstreamClosed() {
        return new GatewayError(502, JsonRpcErrorCodes.UPSTREAM_UNAVAILABLE,
                "upstream closed the connection before answering", "upstream_closed");
    }

    /** The gateway could not obtain its own credential for the upstream (OAuth token endpoint failing). */
    public static GatewayError upstreamCredentialsUnavailable() {
        return upstreamCredentialsUnavailable(null);
    }

    /** Same, saying why ({@code detail}: a status code or a fixed phrase, never a body, a token or a secret). */
    public static GatewayError upstreamCredentialsUnavailable(String detail) {
        return new GatewayError(502, JsonRpcErrorCodes.UPSTREAM_UNAVAILABLE,
                "the gateway could not obtain credentials for the upstream" + (detail == null ? "" : ": " + detail),
                "upstream_credentials_unavailable");
    }

    // Rate limits and quotas (docs/ratelimits.md): the message names the limit that was hit, from configuration.

    /** 429, -32003: a rate limit has no room; {@code headers} carry {@code Retry-After} and {@code RateLimit-*}. */
    public static GatewayError rateLimited(String scope, Map<String, String> headers) {
        return new GatewayError(429, JsonRpcErrorCodes.RATE_LIMITED, "rate limit exceeded: " + scope, "rate_limited",
                headers);
    }

    /** 429, -32005: a quota is used up until its period ends ({@code Retry-After}). */
    public static GatewayError quotaExceeded(String scope, Map<String, String> headers) {
        return new GatewayError(429, JsonRpcErrorCodes.QUOTA_EXCEEDED, "quota exhausted: " + scope, "quota_exceeded",
                headers);
    }

    /** 503, -32004: Redis is down and the gateway runs with {@code onRedisFailure: deny}. */
    public static GatewayError rateLimitStoreUnavailable() {
        return new GatewayError(503, JsonRpcErrorCodes.UPSTREAM_UNAVAILABLE,
                "rate limits cannot be checked right now", "rate_limit_store_unavailable", Map.of("Retry-After", "1"));
    }

    private static GatewayError unauthenticated(String message, String reason) {
        return new GatewayError(401, JsonRpcErrorCodes.UNAUTHENTICATED, message, reason,
                Map.of("WWW-Authenticate", WWW_AUTHENTICATE));
    }
}
