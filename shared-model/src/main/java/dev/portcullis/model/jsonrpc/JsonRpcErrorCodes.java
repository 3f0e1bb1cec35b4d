package dev.portcullis.model.jsonrpc;

/**
 * JSON-RPC error codes, the standard ones and the stable codes of errors the gateway itself returns
 *. Clients may rely on these; never renumber.
 */
public final class JsonRpcErrorCodes {

    public static final int PARSE_ERROR = -32700;
    public static final int INVALID_REQUEST = -32600;
    public static final int METHOD_NOT_FOUND = -32601;
    public static final int INVALID_PARAMS = -32602;
    public static final int INTERNAL_ERROR = -32603;
    /** No credential, or a bad, expired or revoked one (HTTP 401). */
    public static final int UNAUTHENTICATED = -32001;
    /** Denied method, primitive or proxy, or a missing scope (HTTP 403). */
    public static final int FORBIDDEN = -32002;
    /** A rate limit was exceeded (HTTP 429). */
    public static final int RATE_LIMITED = -32003;
    /** Upstream timeout, unreachable upstream, or open circuit (HTTP 502/503/504). */
    public static final int UPSTREAM_UNAVAILABLE = -32004;
    /** A quota is exhausted (HTTP 429). */
    public static final int QUOTA_EXCEEDED = -32005;
    /** MCP 2026-07-28 HeaderMismatch: a standard header missing, malformed or disagreeing with the body (400). */
    public static final int HEADER_MISMATCH = -32020;
    /** MCP 2026-07-28 UnsupportedProtocolVersion: {@code data.supported} lists the versions spoken (400). */
    public static final int UNSUPPORTED_PROTOCOL_VERSION = -32022;

    private JsonRpcErrorCodes() {
    }
}
