package dev.portcullis.model.jsonrpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Builds the body of an error the gateway itself returns. */
public final class JsonRpcError {

    private JsonRpcError() {
    }

    /**
     * {@code {"jsonrpc":"2.0","id":id,"error":{"code":code,"message":message,"data":{"reason":reason,
     * "httpStatus":httpStatus}}}}. A null {@code id} becomes JSON null. {@code reason} is a short machine-friendly
     * word or phrase ({@code key_revoked}); null omits it.
     */
    public static ObjectNode body(JsonNode id, int code, String message, String reason, int httpStatus) {
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        ObjectNode data = nodes.objectNode();
        if (reason != null) {
            data.put("reason", reason);
        }
        data.put("httpStatus", httpStatus);
        ObjectNode error = nodes.objectNode();
        error.put("code", code);
        error.put("message", message);
        error.set("data", data);
        ObjectNode body = nodes.objectNode();
        body.put("jsonrpc", "2.0");
        body.set("id", id == null ? nodes.nullNode() : id);
        body.set("error", error);
        return body;
    }
}
