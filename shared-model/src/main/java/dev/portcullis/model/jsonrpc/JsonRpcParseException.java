package dev.portcullis.model.jsonrpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;

/**
 * A body is not an acceptable JSON-RPC message. {@link #code()} is {@link JsonRpcErrorCodes#PARSE_ERROR} or
 * {@link JsonRpcErrorCodes#INVALID_REQUEST}; the message is safe to send to the client. {@link #id()} is the
 * message's id when one could be read (string or number), otherwise JSON null, for the error response.
 */
public class JsonRpcParseException extends RuntimeException {

    private final int code;
    private final JsonNode id;

    public JsonRpcParseException(int code, String message) {
        this(code, message, NullNode.getInstance());
    }

    public JsonRpcParseException(int code, String message, JsonNode id) {
        super(message, null, false, false);
        this.code = code;
        this.id = id == null ? NullNode.getInstance() : id;
    }

    public int code() {
        return code;
    }

    public JsonNode id() {
        return id;
    }
}
