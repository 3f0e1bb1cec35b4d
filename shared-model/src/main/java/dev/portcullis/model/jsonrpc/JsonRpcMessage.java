package dev.portcullis.model.jsonrpc;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.portcullis.model.json.Json;
import dev.portcullis.model.json.Utf8;

import java.io.IOException;
import java.util.Optional;

/**
 * One JSON-RPC 2.0 message as the gateway classifies it. {@link #parse(JsonNode)} is strict: the gateway routes
 * on what it parses here, so anything ambiguous is refused rather than guessed.
 *
 * <p>Nodes are the parsed tree, not copies: treat them as read-only.
 */
public sealed interface JsonRpcMessage {

    /** A call expecting a response. {@code id} is a string or number node; {@code params} null when absent. */
    record Request(JsonNode id, String method, JsonNode params) implements JsonRpcMessage {
        /** {@code params.<field>} when params is an object and the field a string, for routing by name or uri. */
        public Optional<String> paramString(String field) {
            return JsonRpcMessage.paramString(params, field);
        }
    }

    /** A call without {@code id}: no response is expected. {@code params} null when absent. */
    record Notification(String method, JsonNode params) implements JsonRpcMessage {
        public Optional<String> paramString(String field) {
            return JsonRpcMessage.paramString(params, field);
        }
    }

    /**
     * A response (here: a client answering a server's sampling, elicitation or roots request). Exactly one of
     * {@code result} and {@code error} is non-null; {@code id} may be JSON null on error responses.
     */
    record Response(JsonNode id, JsonNode result, JsonNode error) implements JsonRpcMessage {
        @JsonIgnore
        public boolean isError() {
            return error != null;
        }
    }

    /** Parses a raw body: not UTF-8 or not JSON is {@code -32700}, the rest as {@link #parse(JsonNode)}. */
    static JsonRpcMessage parse(byte[] body) {
        if (!Utf8.isValid(body)) {
            throw new JsonRpcParseException(JsonRpcErrorCodes.PARSE_ERROR, "parse error: body is not valid UTF-8");
        }
        JsonNode node;
        try {
            node = Json.mapper().readTree(body);
        } catch (IOException e) {
            throw new JsonRpcParseException(JsonRpcErrorCodes.PARSE_ERROR, "parse error: body is not valid JSON");
        }
        if (node == null || node.isMissingNode()) {
            throw new JsonRpcParseException(JsonRpcErrorCodes.PARSE_ERROR, "parse error: body is empty");
        }
        return parse(node);
    }

    /**
     * Classifies a parsed message. Requests have a string {@code method} and a string or number {@code id};
     * notifications a {@code method} and no {@code id}; responses an {@code id} and exactly one of
     * {@code result} and {@code error} (an object). {@code params}, when present, is an object or array.
     * Everything else, batches included, is {@link JsonRpcErrorCodes#INVALID_REQUEST}.
     */
    static JsonRpcMessage parse(JsonNode node) {
        if (node.isArray()) {
            throw invalid("batch requests are not supported", null);
        }
        if (!node.isObject()) {
            throw invalid("a JSON-RPC message must be a JSON object", null);
        }
        JsonNode id = node.get("id");
        JsonNode usableId = id != null && (id.isTextual() || id.isNumber()) ? id : null;
        JsonNode version = node.get("jsonrpc");
        if (version == null || !version.isTextual() || !version.textValue().equals("2.0")) {
            throw invalid("\"jsonrpc\" must be \"2.0\"", usableId);
        }
        JsonNode method = node.get("method");
        if (method != null) {
            if (!method.isTextual() || method.textValue().isEmpty()) {
                throw invalid("\"method\" must be a non-empty string", usableId);
            }
            if (node.has("result") || node.has("error")) {
                throw invalid("a message cannot have both \"method\" and \"result\"/\"error\"", usableId);
            }
            JsonNode params = node.get("params");
            if (params != null && !params.isObject() && !params.isArray()) {
                throw invalid("\"params\" must be an object or an array", usableId);
            }
            if (id == null) {
                return new Notification(method.textValue(), params);
            }
            if (usableId == null) {
                throw invalid("\"id\" must be a string or a number", null);
            }
            return new Request(usableId, method.textValue(), params);
        }
        if (id == null) {
            throw invalid("a message needs \"method\" or \"id\"", null);
        }
        if (usableId == null && !id.isNull()) {
            throw invalid("\"id\" must be a string, a number or null", null);
        }
        JsonNode result = node.get("result");
        JsonNode error = node.get("error");
        if ((result == null) == (error == null)) {
            throw invalid("a response needs exactly one of \"result\" and \"error\"", usableId);
        }
        if (error != null && !error.isObject()) {
            throw invalid("\"error\" must be an object", usableId);
        }
        return new Response(usableId == null ? NullNode.getInstance() : usableId, result, error);
    }

    private static JsonRpcParseException invalid(String message, JsonNode id) {
        return new JsonRpcParseException(JsonRpcErrorCodes.INVALID_REQUEST, message, id);
    }

    private static Optional<String> paramString(JsonNode params, String field) {
        if (params == null || !params.isObject()) {
            return Optional.empty();
        }
        JsonNode value = params.get(field);
        return value != null && value.isTextual() ? Optional.of(value.textValue()) : Optional.empty();
    }
}
