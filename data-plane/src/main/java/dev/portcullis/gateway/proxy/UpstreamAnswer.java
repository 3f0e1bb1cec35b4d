package dev.portcullis.gateway.proxy;

import dev.portcullis.model.jsonrpc.JsonRpcErrorCodes;

/**
 * What the upstream answered to one JSON-RPC request, as far as the gateway looks.
 *
 * @param errorCode the {@code error.code} of an error answer; null for a result, or an error without an integer code
 * @param isError   the answer is a result whose top-level {@code isError} member is {@code true}
 */
record UpstreamAnswer(Integer errorCode, boolean isError) {

    /** A JSON-RPC -32603 (internal error): a failure for the circuit breaker. */
    boolean isInternalError() {
        return errorCode != null && errorCode == JsonRpcErrorCodes.INTERNAL_ERROR;
    }
}
