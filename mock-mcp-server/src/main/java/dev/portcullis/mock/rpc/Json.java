package dev.portcullis.mock.rpc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The mock's one {@link ObjectMapper} and JSON-RPC message builders. Thread-safe. */
public final class Json {

    public static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private Json() {
    }

    public static ObjectNode object() {
        return NODES.objectNode();
    }

    public static ArrayNode array() {
        return NODES.arrayNode();
    }

    public static String write(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JsonNode always serialises", e);
        }
    }

    public static String writePretty(JsonNode node) {
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JsonNode always serialises", e);
        }
    }

    /** A JSON-RPC response for {@code id} (null id becomes JSON null) carrying {@code outcome}. */
    public static ObjectNode response(JsonNode id, RpcOutcome outcome) {
        ObjectNode message = object();
        message.put("jsonrpc", "2.0");
        message.set("id", id == null ? NODES.nullNode() : id);
        if (outcome instanceof RpcOutcome.Success success) {
            message.set("result", success.result());
        } else if (outcome instanceof RpcOutcome.Failure failure) {
            ObjectNode error = message.putObject("error");
            error.put("code", failure.code());
            error.put("message", failure.message());
        }
        return message;
    }

    public static ObjectNode error(JsonNode id, int code, String message) {
        return response(id, new RpcOutcome.Failure(code, message));
    }

    public static ObjectNode notification(String method, ObjectNode params) {
        ObjectNode message = object();
        message.put("jsonrpc", "2.0");
        message.put("method", method);
        message.set("params", params);
        return message;
    }
}
