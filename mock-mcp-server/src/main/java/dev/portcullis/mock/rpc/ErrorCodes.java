package dev.portcullis.mock.rpc;

/** JSON-RPC 2.0 and MCP error codes the mock answers with. */
public final class ErrorCodes {

    public static final int PARSE_ERROR = -32700;
    public static final int INVALID_REQUEST = -32600;
    public static final int METHOD_NOT_FOUND = -32601;
    public static final int INVALID_PARAMS = -32602;
    public static final int INTERNAL_ERROR = -32603;
    /** Transport-level session errors (404 unknown session), as the reference SDKs use the -32000 range. */
    public static final int SESSION_NOT_FOUND = -32000;
    /** MCP's "resource not found" code for {@code resources/read}. */
    public static final int RESOURCE_NOT_FOUND = -32002;

    private ErrorCodes() {
    }
}
