package dev.portcullis.gateway.error;

import dev.portcullis.model.jsonrpc.JsonRpcErrorCodes;

/**
 * The errors of authorisation and discovery filtering, kept apart from {@link GatewayErrors} only so
 * the two can evolve without touching the same lines; docs/gateway.md lists both in one table.
 */
public final class AccessErrors {

    private AccessErrors() {
    }

    /** A denied method, primitive or proxy: 403, -32002, {@code reason} a stable slug, the message naming what. */
    public static GatewayError denied(String reason, String message) {
        return new GatewayError(403, JsonRpcErrorCodes.FORBIDDEN, message, reason);
    }

    /** A tool or prompt name outside the MCP name rule (it is not echoed: it may hold control characters). */
    public static GatewayError invalidName(String kind) {
        return new GatewayError(400, JsonRpcErrorCodes.INVALID_PARAMS,
                kind + " name must be 1 to 128 characters of A-Z, a-z, 0-9, '_', '-' and '.'", "invalid_name");
    }

    /** An upstream answer to a list or initialize request that could not be filtered (fail closed). */
    public static GatewayError unfilterable(String message) {
        return new GatewayError(502, JsonRpcErrorCodes.INTERNAL_ERROR, message, "unfilterable_response");
    }
}
